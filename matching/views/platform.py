"""The platform administrators' pages: every association's numbers, and the queue of what no association covers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from associations.decorators import platform_admin_required
from associations.geography import department_map
from mentoring.errors import DomainError

from .. import routing
from ..dates import local_today
from ..enums import RoutingTrigger
from ..forms.platform import UNROUTED_DECLINE_REASONS, MonthlyTargetForm, UnroutedDeclineForm
from ..selectors import platform as selectors
from ..services.platform import monthly_target_set
from ..services.platform import unrouted_request_decline as unrouted_request_decline_service
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


def dashboard_context(form=None) -> dict:
    today = local_today()
    figures = selectors.platform_figures(today=today)
    associations, associations_chart = selectors.associations_side_by_side(figures=figures)
    return {
        "figures": figures,
        "associations": associations,
        "associations_chart": associations_chart,
        "unrouted_requests": figures.values["unrouted"]["requests"],
        "unrouted_mentors": figures.values["unrouted"]["mentors"],
        "coverage": selectors.coverage_by_department(associations=associations, figures=figures),
        "coverage_legend": selectors.COVERAGE_LEGEND,
        "view_box": department_map().view_box,
        "programme_charts": selectors.programme_charts(figures=figures, today=today),
        "target_form": form or MonthlyTargetForm(prefix="target", initial={"starts_on": today.replace(day=1)}),
    }


@platform_admin_required
@require_GET
def platform_dashboard(request):
    return render(request, "matching/platform/platform_dashboard.html", dashboard_context())


@platform_admin_required
@require_POST
def platform_target_set(request):
    # Prefixed: an input named "matches" would hide the form element's own matches() from scripts.
    form = MonthlyTargetForm(request.POST, prefix="target")
    if not form.is_valid():
        return render(request, "matching/platform/platform_dashboard.html", dashboard_context(form), status=400)
    try:
        monthly_target_set(by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Les objectifs mensuels sont enregistrés."))
    return redirect("matching:platform_dashboard")


# The oldest waiting of each kind, each with its explanation; the overview gives the totals. At national scale
# hundreds wait at once, and each shown costs its decision's explanation and form to render.
UNROUTED_SHOWN = 50


@platform_admin_required
@require_GET
def unrouted_queue(request):
    requests = list(selectors.unrouted_requests().prefetch_related("routing_decisions")[:UNROUTED_SHOWN])
    mentors = list(selectors.unrouted_mentors().prefetch_related("routing_decisions")[:UNROUTED_SHOWN])
    for item in requests + mentors:
        decisions = list(item.routing_decisions.all())
        item.decision = decisions[0] if decisions else None
        item.explained = routing.explain(item.decision)
    context = {
        "requests": requests,
        "mentors": mentors,
        "shown": UNROUTED_SHOWN,
        "decline_reasons": UNROUTED_DECLINE_REASONS,
    }
    return render(request, "matching/platform/unrouted_queue.html", context)


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


@platform_admin_required
@require_POST
def unrouted_request_decline(request, pk):
    """No association will take this request (no partner covers it, it is a duplicate...): it is closed with the
    reason, the youth told, and it leaves on the schedule of closed requests."""
    item = get_object_or_404(selectors.unrouted_requests(), pk=pk)
    form = UnroutedDeclineForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("matching:unrouted_queue")
    try:
        unrouted_request_decline_service(request=item, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La demande est close ; le jeune en est informé."))
    return redirect("matching:unrouted_queue")
