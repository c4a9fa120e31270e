"""Session hygiene for the people who see personal data.

- ``StaffSessionIdleMiddleware``: a staff session (marked at login, ``accounts.adapter.AccountAdapter.login``) ends
  after ``STAFF_SESSION_IDLE_TIMEOUT`` seconds without a request. Django's session expiry does the work (the session
  row's expiry date and the cookie's max-age); each request pushes it back, writing the session at most once a
  minute.
- ``AdminMFARequiredMiddleware``: the Django admin shows everyone's data; a platform administrator without a second
  factor is sent to set one up (accounts/mfa.py), as on the staff pages.
- ``NoStoreMiddleware``: every page the application renders answers ``Cache-Control: no-store`` (Django's
  ``never_cache`` headers) unless its view chose its own caching (the public list of communes): staff pages,
  tracking links, Mon espace and exports hold personal data that no browser or proxy may keep. Static files are
  answered by whitenoise, before this middleware.
"""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from .mfa import mfa_setup_redirect, user_has_mfa

STAFF_SESSION_KEY = "staff_session_seen_at"
# A staff session's expiry is pushed back when the last push is older than this (seconds): one write a minute.
STAFF_SESSION_REFRESH = 60


def staff_session_start(request) -> None:
    """Called at login for staff and platform administrators: the session now ends after the idle timeout."""
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
    request.session[STAFF_SESSION_KEY] = int(time.time())


class StaffSessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only when a session exists: reading it would make every public answer vary on the cookie.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        seen_at = request.session.get(STAFF_SESSION_KEY) if has_session else None
        if seen_at is not None and time.time() - seen_at > STAFF_SESSION_REFRESH:
            staff_session_start(request)  # modifies the session: saved, with a new expiry, after the response
        return self.get_response(request)


class AdminMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or not request.user.is_staff:
            return None  # the admin itself sends everyone else to the login page
        if not user_has_mfa(request.user):
            return mfa_setup_redirect(request)
        return None


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
