"""allauth adapters: every allauth e-mail goes through the outbox, rendered in its recipient's language; staff
sessions get their idle timeout at login; staff keep their second factor."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils import translation

from mentoring.http import client_ip

from .mfa import user_needs_mfa
from .middleware import staff_session_start
from .models import User
from .services import email_html_wrap, email_queue


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per visitor address as the platform's own do (``TRUSTED_PROXIES``)."""
        return client_ip(request)

    def login(self, request, user):
        super().login(request, user)
        if user_needs_mfa(user):  # staff sessions end after STAFF_SESSION_IDLE_TIMEOUT without a request
            staff_session_start(request)

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        known = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
        language = known or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        if message.content_subtype == "html":
            html, text = message.body, ""
        else:
            text = message.body
        email_queue(
            to=email,
            subject=message.subject,
            body_text=text,
            body_html=html or email_html_wrap(subject=message.subject, body_text=text, language=language),
            language=language,
            template_prefix=template_prefix,
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff and administrators keep their second factor (they may replace their recovery codes)."""
        return not user_needs_mfa(authenticator.user)
