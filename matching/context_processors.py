from django.utils.functional import SimpleLazyObject

from .selectors.follow_up import alert_counts_for_user

NO_ALERTS = {"open": 0, "urgent": 0}


def alerts(request):
    """The open alerts of the association being viewed, for the staff navigation: one query (the counts of every
    association of the user), run only if a template asks."""

    def current():
        association = getattr(request, "association", None)
        if association is None:
            return NO_ALERTS
        return alert_counts_for_user(user=request.user).get(association.pk, NO_ALERTS)

    return {"nav_alerts": SimpleLazyObject(current)}
