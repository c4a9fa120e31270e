"""What the platform administrators change: the monthly targets the programme is measured against, and the requests
no association takes that they close."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.errors import DomainError

from ..enums import RequestState
from ..models import MonthlyTarget, YouthRequest
from .review import request_decline


@transaction.atomic
def monthly_target_set(*, starts_on: date, intake: int, matches: int, completions: int, by: User) -> MonthlyTarget:
    """Set the targets in force from the month of ``starts_on`` (the first of a month) until the next target's
    month; setting a month again replaces its targets."""
    if starts_on.day != 1:
        raise DomainError("not_a_month", _("Un objectif part du premier jour d'un mois."))
    if min(intake, matches, completions) < 0:
        raise DomainError("negative_target", _("Un objectif ne peut pas être négatif."))
    target, _created = MonthlyTarget.objects.select_for_update().update_or_create(
        starts_on=starts_on,
        defaults={"intake": intake, "matches": matches, "completions": completions, "set_by": by},
    )
    return target


@transaction.atomic
def unrouted_request_decline(*, request: YouthRequest, by: User, reason: str, note: str = "") -> YouthRequest:
    """Close a request no association takes, with the reason (the youth is told, with other services). Checked
    under the request's lock: one routed meanwhile (a sweep, a new association) is an association's to decide."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.UNROUTED:
        raise DomainError("no_longer_unrouted", _("Cette demande vient d'être confiée à une association."))
    return request_decline(request=request, by=by, reason=reason, note=note)
