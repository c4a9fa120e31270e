"""Forms of the matching app, one module per concern: validation only. What happens to valid data is the services'
business."""
