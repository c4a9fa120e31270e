from django.utils.functional import SimpleLazyObject

from .selectors import memberships_for_user


def staff(request):
    """The signed-in person's memberships, for the navigation: those an association's page already read
    (``staff_required``), otherwise queried only if a template asks."""

    def memberships():
        known = getattr(request, "staff_memberships", None)
        return known if known is not None else list(memberships_for_user(user=request.user))

    return {"staff_memberships": SimpleLazyObject(memberships)}
