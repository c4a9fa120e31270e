from django.utils.functional import SimpleLazyObject

from .selectors.follow_up import alert_counts_for_membership

NO_ALERTS = {"open": 0, "urgent": 0}


def alerts(request):
    """The open alerts of the association being viewed, for the staff navigation: one query (that association's
    counts only, through the membership ``staff_required`` resolved), run only if a template asks."""

    def current():
        membership = getattr(request, "membership", None)
        if membership is None:
            return NO_ALERTS
        return alert_counts_for_membership(membership=membership)

    return {"nav_alerts": SimpleLazyObject(current)}
