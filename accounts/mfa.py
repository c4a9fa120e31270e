"""Two-factor authentication (allauth.mfa), required of association staff and platform administrators before any
page with personal data: staff_required and platform_admin_required (associations.decorators) and the Django admin
(accounts.middleware.AdminMFARequiredMiddleware) send a member without an authenticator to
set one up."""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import User

# The kinds of authenticator that count as a second factor (recovery codes only back one up).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def user_needs_mfa(user: User) -> bool:
    """Platform administrators and association staff (``memberships``: associations.StaffMembership)."""
    return user.is_staff or user.is_superuser or user.memberships.exists()


def user_has_mfa(user: User) -> bool:
    return is_mfa_enabled(user, types=SECOND_FACTORS)


def mfa_setup_redirect(request):
    """To the authenticator app's setup (allauth), saying why."""
    messages.warning(
        request,
        _(
            "Pour accéder aux données personnelles des jeunes et des mentors, activez d'abord la double "
            "authentification avec une application d'authentification."
        ),
    )
    return redirect("mfa_activate_totp")


def mfa_required(view):
    """For a view that shows personal data to a signed-in staff member or administrator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_mfa(request.user):
            return mfa_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
