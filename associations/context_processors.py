from django.utils.functional import SimpleLazyObject

from .selectors import memberships_for_user


def staff(request):
    """The signed-in person's memberships, for the navigation; queried only if a template asks."""
    return {"staff_memberships": SimpleLazyObject(lambda: list(memberships_for_user(user=request.user)))}
