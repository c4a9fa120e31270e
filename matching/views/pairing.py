"""Pairing through the pages: staff propose and may confirm for the youth; the mentor answers; the youth confirms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from associations.decorators import staff_required

from .. import scoring, selectors, services
from ..enums import OPEN_MENTORSHIP_STATES, GoalStatus, MentorState, ProposalDeclineReason
from ..forms.mentorship import CompleteForm, EndEarlyForm, FeedbackForm, PauseForm, ResumeForm, SessionLogForm
from ..models import Mentorship, SessionLog
from ..services import PairingError, TransitionNotAllowed
from .intake import _private

PAIRING_ERRORS = {
    "request_not_accepted": gettext_lazy("La demande doit être acceptée avant de proposer un mentor."),
    "already_paired": gettext_lazy("Un mentor est déjà proposé à ce jeune."),
    "other_association": gettext_lazy("Ce mentor ne fait pas partie de votre association."),
}


SESSION_ERRORS = {
    "not_under_way": gettext_lazy("Ce mentorat n'est pas en cours."),
    "date_out_of_range": gettext_lazy("La date doit se situer entre le début du mentorat et aujourd'hui."),
}


def _pairing_error(code: str) -> str:
    if code in scoring.EXCLUSIONS:
        return _("Ce mentor ne peut pas être proposé : %(why)s.") % {
            "why": scoring.exclusion_reason(scoring.EXCLUSIONS.index(code))
        }
    return str(PAIRING_ERRORS.get(code, code))


@staff_required
@require_POST
def request_propose(request, pk):
    youth_request = get_object_or_404(selectors.requests_for_association(association=request.association), pk=pk)
    mentor_id = request.POST.get("mentor", "")
    mentor = (
        selectors.mentors_for_association(association=request.association)
        .filter(state=MentorState.ACTIVE, pk=int(mentor_id) if mentor_id.isdigit() else 0)
        .first()
    )
    if mentor is None:
        messages.error(request, _("Choisissez un mentor actif de l'association."))
        return redirect("matching:request_detail", association=request.association.slug, pk=pk)
    try:
        services.mentorship_propose(request=youth_request, mentor=mentor, by=request.user)
    except PairingError as error:
        messages.error(request, _pairing_error(error.code))
    else:
        messages.success(
            request,
            _("%(name)s est proposé ; il ou elle répondra depuis son espace.") % {"name": mentor.user.get_full_name()},
        )
    return redirect("matching:request_detail", association=request.association.slug, pk=pk)


def _staff_mentorship(request, pk) -> Mentorship | None:
    youth_request = get_object_or_404(selectors.requests_for_association(association=request.association), pk=pk)
    mentorship = Mentorship.objects.filter(request=youth_request, state__in=OPEN_MENTORSHIP_STATES).first()
    if mentorship is None:
        messages.error(request, _("Aucun mentorat n'est en cours pour cette demande."))
    return mentorship


def _staff_mentorship_act(request, pk, *, call, done, refused):
    """One staff action on a request's open mentorship: its message, then back to the request."""
    mentorship = _staff_mentorship(request, pk)
    if mentorship is not None:
        try:
            call(mentorship)
        except TransitionNotAllowed:
            messages.error(request, refused)
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
        refused=_("Le mentor doit d'abord accepter."),
    )  # fmt: skip


@staff_required
@require_POST
def request_mentorship_cancel(request, pk):
    return _staff_mentorship_act(
        request, pk,
        call=lambda mentorship: services.mentorship_cancel(mentorship=mentorship, by=request.user),
        done=_("La proposition est annulée ; la place du mentor est libérée."),
        refused=_("Un mentorat commencé ne s'annule pas : il se clôture."),
    )  # fmt: skip


@login_required
@require_POST
def mentor_answer(request, pk):
    """The proposed mentor accepts or declines, from their space. Anyone else gets a 404."""
    mentorship = get_object_or_404(selectors.mentorships_for_mentor(user=request.user), pk=pk)
    accept = request.POST.get("answer") == "accept"
    reason = request.POST.get("reason", "")
    if not accept and reason not in ProposalDeclineReason.values:
        messages.error(request, _("Choisissez pourquoi vous déclinez."))
        return redirect("matching:dashboard")
    try:
        services.mentorship_mentor_answer(mentorship=mentorship, by=request.user, accept=accept, reason=reason)
    except TransitionNotAllowed:
        messages.error(request, _("Cette proposition a changé entre-temps."))
    else:
        messages.success(request, _("Merci ! Le jeune va confirmer.") if accept else _("C'est noté, merci."))
    return redirect("matching:dashboard")


@require_POST
def tracking_mentorship_confirm(request, token):
    """The youth confirms the proposed mentor from their tracking page."""
    youth_request = selectors.request_for_tracking_token(token=token)
    mentorship = selectors.open_mentorship(request=youth_request)
    if mentorship is None:
        messages.info(request, _("Aucun mentor n'attend ta confirmation."))
    else:
        try:
            services.mentorship_confirm(mentorship=mentorship)
        except TransitionNotAllowed:
            messages.info(request, _("Ton mentor doit d'abord accepter."))
        else:
            messages.success(request, _("C'est parti ! Ton mentorat commence."))
    return _private(redirect("matching:tracking", token=token))


@login_required
@require_POST
def mentor_session_log(request, pk):
    """The mentor logs a session of one of their mentorships."""
    mentorship = get_object_or_404(selectors.mentorships_for_mentor(user=request.user), pk=pk)
    form = SessionLogForm(request.POST, prefix=f"session-{pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''} : {error}")
        return redirect("matching:dashboard")
    try:
        services.session_log(mentorship=mentorship, by=request.user, **form.cleaned_data)
    except services.SessionError as error:
        messages.error(request, SESSION_ERRORS.get(error.code, error.code))
    else:
        messages.success(request, _("La séance est enregistrée."))
    return redirect("matching:dashboard")


@require_POST
def tracking_session_feedback(request, token, session):
    """The youth writes their feedback on a session from their tracking page."""
    youth_request = selectors.request_for_tracking_token(token=token)
    found = get_object_or_404(SessionLog.objects.filter(mentorship__request=youth_request), pk=session)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.session_feedback(session=found, text=form.cleaned_data["text"])
        messages.success(request, _("Merci pour ton retour !"))
    else:
        messages.error(request, _("Ton retour est vide."))
    return _private(redirect("matching:tracking", token=token))


CLOSURE_STEPS = {
    "pause": (PauseForm, services.mentorship_pause, gettext_lazy("Le mentorat est en pause.")),
    "resume": (ResumeForm, services.mentorship_resume, gettext_lazy("Le mentorat reprend.")),
    "complete": (CompleteForm, services.mentorship_complete, gettext_lazy("Le mentorat est terminé. Bravo !")),
    "end": (
        EndEarlyForm,
        services.mentorship_end_early,
        gettext_lazy("Le mentorat est arrêté ; le jeune peut être accompagné à nouveau."),
    ),
}
CLOSURE_ERRORS = {
    "too_early": gettext_lazy("Un mentorat se termine au plus tôt six mois après son début ; avant, il s'arrête."),
    "outcome_of_another_axis": gettext_lazy("Ce résultat ne correspond pas au besoin du jeune."),
}


@staff_required
@require_POST
def request_mentorship_step(request, pk, step):
    """Pause, resume, complete or end early the mentorship of a request."""
    mentorship = _staff_mentorship(request, pk)
    if mentorship is None or step not in CLOSURE_STEPS:
        return redirect("matching:request_detail", association=request.association.slug, pk=pk)
    form_class, service, done = CLOSURE_STEPS[step]
    extra = {"axis": mentorship.request.axis} if form_class is CompleteForm else {}
    form = form_class(request.POST, prefix=step, **extra)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("matching:request_detail", association=request.association.slug, pk=pk)
    try:
        service(mentorship=mentorship, by=request.user, **form.cleaned_data)
    except TransitionNotAllowed:
        messages.error(request, _("Cette étape n'est pas possible dans l'état actuel du mentorat."))
    except PairingError as error:
        messages.error(request, CLOSURE_ERRORS.get(error.code, error.code))
    else:
        messages.success(request, done)
    return redirect("matching:request_detail", association=request.association.slug, pk=pk)


@login_required
@require_POST
def mentor_goal(request, pk):
    """The mentor adds a goal to one of their mentorships, or updates where one stands."""
    mentorship = get_object_or_404(selectors.mentorships_for_mentor(user=request.user), pk=pk)
    goal_id, status, text = request.POST.get("goal", ""), request.POST.get("status", ""), request.POST.get("text", "")
    try:
        if goal_id.isdigit() and status in GoalStatus.values:
            services.goal_update(
                goal=get_object_or_404(mentorship.goals, pk=int(goal_id)), by=request.user, status=status
            )
            messages.success(request, _("L'objectif est à jour."))
        elif text.strip():
            services.goal_add(mentorship=mentorship, by=request.user, text=text[:300])
            messages.success(request, _("L'objectif est ajouté."))
        else:
            messages.error(request, _("Écrivez l'objectif."))
    except services.SessionError as error:
        messages.error(request, SESSION_ERRORS.get(error.code, error.code))
    return redirect("matching:dashboard")
