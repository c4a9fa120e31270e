"""The REST API for associations (/api/v1/): one module per concern, serializers alongside their views."""
