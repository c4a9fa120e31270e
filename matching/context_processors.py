from django.utils.functional import SimpleLazyObject

from .selectors.follow_up import alert_counts_for_user

NO_ALERTS = {"open": 0, "urgent": 0}


def alerts(request):
    """The open alerts of the association being viewed, for the staff navigation: one query (that association's
    counts only), run only if a template asks."""

    def current():
        association = getattr(request, "association", None)
        if association is None:
            return NO_ALERTS
        return alert_counts_for_user(user=request.user, association=association)

    return {"nav_alerts": SimpleLazyObject(current)}
