"""Access to an association's pages: signed-in members only, and a 404 (never a 403) for everyone else; members
without a second factor are sent to set one up first (they see personal data)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.mfa import mfa_setup_redirect, user_has_mfa

from .selectors import membership_among, memberships_with_second_factor


def staff_required(view=None, *, admin: bool = False):
    """Resolve the ``association`` URL argument to the user's membership (``request.membership``) and the
    association (``request.association``); anonymous people go to the login page, others get a 404. The user's
    memberships, read in the same query, are kept for the navigation (``request.staff_memberships``)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, association: str, **kwargs):
            request.staff_memberships = memberships_with_second_factor(user=request.user)
            request.membership = membership_among(request.staff_memberships, slug=association, admin=admin)
            if request.membership is None:  # a 404, never a 403: nobody learns which associations exist
                raise Http404("no such association for this user")
            if not request.membership.user_has_mfa:
                return mfa_setup_redirect(request)
            request.association = request.membership.association
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view else decorate


def platform_admin_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise Http404("platform administrators only")
        if not user_has_mfa(request.user):
            return mfa_setup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
