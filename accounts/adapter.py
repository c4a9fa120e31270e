"""allauth adapters: every allauth e-mail is a notification (``accounts/notifications.py``: essential, through the
outbox with an idempotency key), rendered by allauth in its recipient's language; staff
sessions get their idle timeout at login; staff keep their second factor."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from mentoring.http import client_ip

from .mfa import user_needs_mfa
from .middleware import staff_session_start
from .models import User
from .notifications import Recipient, account_email_event_key, account_email_notification
from .services import email_html_wrap


@dataclass(frozen=True)
class PlatformSite:
    """What allauth's templates read of "the site" (``current_site.name``, ``.domain``): the platform's name, in the
    language of the e-mail being rendered, and the host of its public address (``SITE_URL``)."""

    name: str
    domain: str


def platform_site() -> PlatformSite:
    return PlatformSite(name=gettext_lazy("1 jeune, 1 mentor"), domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per visitor address as the platform's own do (``TRUSTED_PROXIES``)."""
        return client_ip(request)

    def login(self, request, user):
        super().login(request, user)
        if user_needs_mfa(user):  # staff sessions end after STAFF_SESSION_IDLE_TIMEOUT without a request
            staff_session_start(request)

    def get_login_redirect_url(self, request):
        """Association staff and platform administrators land on their work (the association space, or straight to
        the queue of their only association); mentors and everyone else on Mon espace (``LOGIN_REDIRECT_URL``). A
        ``next`` address, when there is one, still wins: allauth reads it first."""
        user = request.user
        # Memberships of active associations, through the reverse relation: accounts imports nothing of associations.
        if user.is_superuser or user.memberships.filter(association__is_active=True).exists():
            return reverse("matching:staff_home")
        return super().get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's documented hook for every e-mail it sends: rendered by ``render_mail`` in the recipient's
        language, then sent as that e-mail's notification (outbox, idempotency key) instead of by SMTP here."""
        user = User.objects.filter(email__iexact=email).first()
        language = (user.language if user else "") or translation.get_language()
        to = Recipient(email=email, language=language)  # essential: sent whatever the person chose
        # What allauth's own send_mail adds to every e-mail's context, its templates' "site" being the platform.
        context = {"request": self.request, "email": email, "current_site": platform_site(), **context}
        with translation.override(to.language):
            message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        if message.content_subtype == "html":
            html, text = message.body, ""
        else:
            text = message.body
        event_key = account_email_event_key(
            template_prefix=template_prefix, to=email, subject=message.subject, body=text or html, now=timezone.now()
        )
        account_email_notification(template_prefix).send_rendered(
            to=to,
            event_key=event_key,
            subject=message.subject,
            body_text=text,
            body_html=html or email_html_wrap(subject=message.subject, body_text=text, language=to.language),
            template_prefix=template_prefix,
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff and administrators keep their second factor (they may replace their recovery codes)."""
        return not user_needs_mfa(authenticator.user)
