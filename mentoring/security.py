"""The Content Security Policy header, on every response: scripts, styles, fonts and images from the site itself.

The templates hold no inline script, ``on*=`` handler or ``style=`` attribute (a test enforces it) and every asset
is served locally (no CDN), so the policy allows nothing else: an injected script or style would not run, and no
page can be framed. Bootstrap's CSS draws a few of its icons from ``data:`` images.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
