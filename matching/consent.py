"""Versions of the consent texts shown on the intake forms. Change the version whenever the text changes: each
request and application records the version its author agreed to, and when."""

YOUTH_CONSENT_VERSION = "2026-11-v1"
MENTOR_CONSENT_VERSION = "2026-11-v1"
# Under this age, a parent or guardian must confirm the request before it goes any further.
PARENT_CONSENT_UNDER_AGE = 15
MIN_AGE = 10
MAX_AGE = 29
