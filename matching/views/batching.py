"""The batch preview: the optimal plan for the association; staff tick the pairs they approve, which are proposed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from associations.decorators import staff_required

from .. import selectors
from ..services.batching import PlannedPair, batch_apply, batch_plan


@staff_required
@require_http_methods(["GET", "POST"])
def batch_preview(request):
    if request.method == "POST":
        return _approve(request)
    plan = batch_plan(association=request.association)
    return render(request, "matching/staff/batch.html", {"plan": plan})


def _approve(request):
    chosen = []
    for value in request.POST.getlist("pair"):
        request_id, _sep, mentor_id = value.partition(":")
        if request_id.isdigit() and mentor_id.isdigit():
            chosen.append((int(request_id), int(mentor_id)))
    requests = selectors.requests_for_association(association=request.association).in_bulk([r for r, _m in chosen])
    mentors = selectors.mentors_for_association(association=request.association).in_bulk([m for _r, m in chosen])
    pairs = [
        PlannedPair(request=requests[r], mentor=mentors[m], score=0.0)
        for r, m in chosen
        if r in requests and m in mentors
    ]
    if not pairs:
        messages.error(request, _("Cochez au moins un binôme."))
        return redirect("matching:batch_preview", association=request.association.slug)
    proposed, refused = batch_apply(pairs=pairs, by=request.user)
    messages.success(request, _("%(count)d proposition(s) envoyée(s) aux mentors.") % {"count": proposed})
    if refused:
        messages.warning(
            request,
            _("%(count)d binôme(s) n'ont pas pu être proposés : la situation a changé.") % {"count": len(refused)},
        )
    return redirect("matching:pair_list", association=request.association.slug)
