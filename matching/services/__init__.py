"""Every write of the matching app, one module per concern: requests, routing, review, vetting, pairing, follow_up
(and transitions, the state machines' one way to change a state). Import from the concern's module."""
