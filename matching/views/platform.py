"""The platform administrators' pages: every association's numbers, and the queue of what no association covers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from associations.decorators import platform_admin_required

from .. import routing
from ..enums import RoutingTrigger
from ..selectors import platform as selectors
from ..services.routing import mentor_route, request_route


@platform_admin_required
@require_GET
def platform_overview(request):
    context = {
        "associations": selectors.associations_overview(),
        "unrouted_requests": selectors.unrouted_requests().count(),
        "unrouted_mentors": selectors.unrouted_mentors().count(),
    }
    return render(request, "matching/platform/platform_overview.html", context)


@platform_admin_required
@require_GET
def unrouted_queue(request):
    requests = list(selectors.unrouted_requests().prefetch_related("routing_decisions")[:200])
    mentors = list(selectors.unrouted_mentors().prefetch_related("routing_decisions")[:200])
    for item in requests + mentors:
        decisions = list(item.routing_decisions.all())
        item.decision = decisions[0] if decisions else None
        item.explained = routing.explain(item.decision)
    return render(request, "matching/platform/unrouted_queue.html", {"requests": requests, "mentors": mentors})


@platform_admin_required
@require_POST
def unrouted_reroute(request, kind, pk):
    """Route one waiting request or application again, now (after a new association joined, say)."""
    if kind == "demande":
        item = get_object_or_404(selectors.unrouted_requests(), pk=pk)
        routed = request_route(request_id=item.pk, trigger=RoutingTrigger.ADMIN)
    else:
        item = get_object_or_404(selectors.unrouted_mentors(), pk=pk)
        routed = mentor_route(mentor_id=item.pk, trigger=RoutingTrigger.ADMIN)
    if routed is None:  # erased meanwhile
        messages.info(request, _("Cette demande n'existe plus."))
    elif routed.association_id is not None:
        messages.success(request, _("Confié à %(name)s.") % {"name": routed.association.name})
    else:
        messages.warning(request, _("Toujours aucune association ne peut l'accueillir ; l'explication est à jour."))
    return redirect("matching:unrouted_queue")
