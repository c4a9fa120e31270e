"""Pairing through the pages: suggestions and the batch plan for staff, a proposal, the mentor's answer, the youth's
(or staff's) confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from associations.decorators import staff_required
from mentoring.errors import DomainError

from ..enums import MentorState, allowed_request_actions
from ..forms.pairing import BatchApproveForm, MentorAnswerForm, ProposeForm
from ..selectors.follow_up import mentorships_for_mentor
from ..selectors.pairing import mentor_suggestions, open_mentorship, requests_to_pair
from ..selectors.requests import request_by_tracking_token
from ..selectors.review import requests_for_association
from ..selectors.vetting import mentors_for_association
from ..services import pairing as services
from .common import private_link_response


@staff_required
@require_GET
def request_suggestions(request, pk):
    """Ranked, explained mentor suggestions for an accepted request."""
    youth_request = get_object_or_404(requests_to_pair(association=request.association), pk=pk)
    if "propose" not in allowed_request_actions(youth_request.state):
        messages.info(request, _("Les suggestions de mentors s'ouvrent une fois la demande acceptée."))
        return redirect("matching:request_detail", association=request.association.slug, pk=pk)
    ranked, excluded = mentor_suggestions(association=request.association, request=youth_request)
    context = {"youth_request": youth_request, "ranked": ranked, "excluded": excluded}
    return render(request, "matching/pairing/request_suggestions.html", context)


@staff_required
@require_POST
def request_propose(request, pk):
    youth_request = get_object_or_404(requests_for_association(association=request.association), pk=pk)
    active = mentors_for_association(association=request.association).filter(state=MentorState.ACTIVE)
    form = ProposeForm(request.POST, mentors=active)
    if not form.is_valid():
        messages.error(request, _("Choisissez un mentor actif de l'association."))
        return redirect("matching:request_detail", association=request.association.slug, pk=pk)
    mentor = form.cleaned_data["mentor"]
    try:
        services.mentorship_propose(request=youth_request, mentor=mentor, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s est proposé ; il ou elle répondra depuis son espace.") % {"name": mentor.user.get_full_name()},
        )
    return redirect("matching:request_detail", association=request.association.slug, pk=pk)


def _staff_mentorship_act(request, pk, *, call, done):
    """One staff action on a request's open mentorship: one service call, its message, then back to the request."""
    youth_request = get_object_or_404(requests_for_association(association=request.association), pk=pk)
    mentorship = open_mentorship(request=youth_request)
    if mentorship is None:
        messages.error(request, _("Aucun mentorat n'est en cours pour cette demande."))
    else:
        try:
            call(mentorship)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return redirect("matching:request_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def request_mentorship_confirm(request, pk):
    """Staff confirm on the youth's behalf, after a call (logged as theirs)."""
    return _staff_mentorship_act(
        request, pk,
        call=lambda mentorship: services.mentorship_confirm(mentorship=mentorship, by=request.user),
        done=_("Le mentorat commence."),
    )  # fmt: skip


@staff_required
@require_POST
def request_mentorship_cancel(request, pk):
    return _staff_mentorship_act(
        request, pk,
        call=lambda mentorship: services.mentorship_cancel(mentorship=mentorship, by=request.user),
        done=_("La proposition est annulée ; la place du mentor est libérée."),
    )  # fmt: skip


@login_required
@require_POST
def mentor_answer(request, pk):
    """The proposed mentor accepts or declines, from their space. Anyone else gets a 404."""
    mentorship = get_object_or_404(mentorships_for_mentor(user=request.user), pk=pk)
    form = MentorAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez pourquoi vous déclinez."))
        return redirect("matching:dashboard")
    accept = form.cleaned_data["answer"] == "accept"
    try:
        services.mentorship_mentor_answer(
            mentorship=mentorship, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Merci ! Le jeune va confirmer.") if accept else _("C'est noté, merci."))
    return redirect("matching:dashboard")


YOUTH_MENTOR_UNAVAILABLE = gettext_lazy(
    "Ton mentorat ne peut pas commencer tout de suite : ton mentor n'est pas disponible en ce moment. Pour toute "
    "question, écris à ton association."
)


@require_POST
def tracking_mentorship_confirm(request, token):
    """The youth confirms the proposed mentor from their tracking page."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    mentorship = open_mentorship(request=youth_request)
    if mentorship is None:
        messages.info(request, _("Aucun mentor n'attend ta confirmation."))
    else:
        try:
            services.mentorship_confirm(mentorship=mentorship)
        except DomainError as error:
            if error.code == "mentor_unavailable":
                messages.warning(request, YOUTH_MENTOR_UNAVAILABLE)
            else:
                messages.info(request, _("Ton mentor doit d'abord accepter."))
        else:
            messages.success(request, _("C'est parti ! Ton mentorat commence."))
    return private_link_response(redirect("matching:tracking", token=token))


@staff_required
@require_http_methods(["GET", "POST"])
def batch_preview(request):
    """The optimal plan for the association; staff tick the pairs they approve, which are proposed."""
    if request.method == "GET":
        plan = services.batch_plan(association=request.association)
        return render(request, "matching/pairing/batch.html", {"plan": plan})
    form = BatchApproveForm(
        request.POST,
        requests=requests_for_association(association=request.association),
        mentors=mentors_for_association(association=request.association),
    )
    if not form.is_valid():
        messages.error(request, _("Cochez au moins un binôme."))
        return redirect("matching:batch_preview", association=request.association.slug)
    proposed, refused = services.batch_apply(pairs=form.cleaned_data["pair"], by=request.user)
    messages.success(request, _("%(count)d proposition(s) envoyée(s) aux mentors.") % {"count": proposed})
    if refused:
        messages.warning(
            request,
            _("%(count)d binôme(s) n'ont pas pu être proposés : la situation a changé.") % {"count": len(refused)},
        )
    return redirect("matching:pair_list", association=request.association.slug)
