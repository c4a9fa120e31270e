"""Follow-up of the mentorships under way: the mentor's space (sessions, goals, check-ins), the youth's feedback and
check-ins, staff's pause, resume, completion or early end, and the association's pairs list; concerns (the youth's by
their link, the mentor's from their space) and the association's follow-up queue of alerts."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from associations.decorators import staff_required
from mentoring.errors import DomainError

from .. import tokens
from ..dates import local_today
from ..enums import GoalStatus, MentorshipState, MentorState, ProposalDeclineReason
from ..forms.follow_up import (
    AlertFilterForm,
    AlertNoteForm,
    AlertResolveForm,
    CheckInForm,
    CompleteForm,
    ConcernForm,
    EndEarlyForm,
    FeedbackForm,
    GoalForm,
    MentorConcernForm,
    MentorEraseForm,
    PauseForm,
    ResumeForm,
    SessionLogForm,
)
from ..selectors import follow_up as selectors
from ..selectors.pairing import open_mentorship
from ..selectors.requests import request_by_tracking_token
from ..selectors.review import requests_for_association
from ..selectors.vetting import mentor_profile_for_user, training_offer_for_mentor
from ..services import follow_up as services
from ..services import follow_up_alerts as alert_services
from ..services.follow_up_check_ins import check_in_answer as check_in_record
from .common import PageWithoutTotal, private_link_response

PAGE_SIZE = 25


@login_required
@require_GET
def dashboard(request):
    """A signed-in person's space: a mentor sees their application; staff queues come with the associations."""
    return _dashboard(request)


def _dashboard(request, *, session_form: SessionLogForm | None = None, status: int = 200):
    """The space, with ``session_form`` (a session the mentor posted and must correct) in place of its pairing's
    empty form."""
    mentor = mentor_profile_for_user(user=request.user)
    mentorships = list(selectors.mentorships_for_mentor(user=request.user)) if mentor else []
    for mentorship in mentorships:
        sessions = list(mentorship.sessions.all())
        mentorship.months = selectors.months_of(mentorship, sessions)
        mentorship.session_count = len(sessions)
        # A session is due this month when the mentorship runs and none is logged yet for the current month.
        mentorship.due = mentorship.state == MentorshipState.ACTIVE and not (
            mentorship.months and mentorship.months[-1][1]
        )
        prefix = f"session-{mentorship.pk}"
        if session_form is not None and session_form.prefix == prefix:
            mentorship.session_form = session_form
        else:
            mentorship.session_form = SessionLogForm(prefix=prefix, initial={"mode": mentorship.meeting_mode})
    # At the training step, the association's upcoming sessions to register to (and those they registered to).
    in_training = mentor is not None and mentor.state in (MentorState.CHECKED, MentorState.TRAINED)
    check_ins = [c for c in selectors.check_ins_for_mentor(user=request.user) if selectors.check_in_is_open(c)]
    context = {
        "erase_form": MentorEraseForm(),
        "training_sessions": training_offer_for_mentor(mentor=mentor) if in_training else [],
        "concern_form": MentorConcernForm(prefix="concern", mentorships=mentorships)
        if mentor and mentor.association_id
        else None,
        "check_ins": check_ins,
        "goal_statuses": GoalStatus.choices,
        "mentor": mentor,
        "mentorships": mentorships,
        "decline_reasons": ProposalDeclineReason.choices,
    }
    return render(request, "matching/follow_up/dashboard.html", context, status=status)


@login_required
@require_GET
def mentor_export(request):
    """The signed-in mentor downloads everything held about them (JSON), as a youth does from their link."""
    response = JsonResponse(
        selectors.mentor_export(user=request.user), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-1jeune1mentor.json"'
    return response


@login_required
@require_POST
def mentor_erase(request):
    """The signed-in mentor deletes their account and data (their mentorships under way are ended first)."""
    form = MentorEraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("matching:dashboard")
    try:
        services.mentor_erase(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("matching:dashboard")
    logout(request)
    messages.success(request, _("Votre compte et vos données sont supprimés. Merci pour votre engagement."))
    return redirect("home")


@login_required
@require_POST
def mentor_session_log(request, pk):
    """The mentor logs a session of one of their mentorships."""
    mentorship = get_object_or_404(selectors.mentorships_for_mentor(user=request.user), pk=pk)
    form = SessionLogForm(request.POST, prefix=f"session-{pk}")
    if not form.is_valid():  # the space again, the session as typed, each error by its field
        messages.error(request, _("La séance n'est pas enregistrée : corrigez ce qui est signalé."))
        return _dashboard(request, session_form=form, status=400)
    try:
        services.session_log(mentorship=mentorship, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return _dashboard(request, session_form=form, status=400)
    messages.success(request, _("La séance est enregistrée."))
    return redirect("matching:dashboard")


@login_required
@require_POST
def mentor_goal(request, pk):
    """The mentor adds a goal to one of their mentorships, or updates where one stands."""
    mentorship = get_object_or_404(selectors.mentorships_for_mentor(user=request.user), pk=pk)
    form = GoalForm(request.POST, goals=mentorship.goals.all())
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("matching:dashboard")
    goal, status, text = form.cleaned_data["goal"], form.cleaned_data["status"], form.cleaned_data["text"]
    try:
        if goal is not None:
            services.goal_update(goal=goal, by=request.user, status=status)
        else:
            services.goal_add(mentorship=mentorship, by=request.user, text=text)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'objectif est à jour.") if goal is not None else _("L'objectif est ajouté."))
    return redirect("matching:dashboard")


@require_POST
def tracking_session_feedback(request, token, session):
    """The youth writes their feedback on a session from their tracking page."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    found = get_object_or_404(selectors.sessions_of_request(request=youth_request), pk=session)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.session_feedback(session=found, text=form.cleaned_data["text"])
        messages.success(request, _("Merci pour ton retour !"))
    else:
        messages.error(request, _("Ton retour est vide."))
    return private_link_response(redirect("matching:tracking", token=token))


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


@staff_required
@require_POST
def request_mentorship_step(request, pk, step):
    """Pause, resume, complete or end early the mentorship of a request."""
    youth_request = get_object_or_404(requests_for_association(association=request.association), pk=pk)
    mentorship = open_mentorship(request=youth_request)
    back = redirect("matching:request_detail", association=request.association.slug, pk=pk)
    if mentorship is None:
        messages.error(request, _("Aucun mentorat n'est en cours pour cette demande."))
        return back
    if step not in CLOSURE_STEPS:
        return back
    form_class, service, done = CLOSURE_STEPS[step]
    extra = {"axis": youth_request.axis} if form_class is CompleteForm else {}
    form = form_class(request.POST, prefix=step, **extra)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    try:
        service(mentorship=mentorship, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if form.cleaned_data.get("youth_wants_another") is False:
            done = _("Le mentorat est arrêté et la demande du jeune est close.")
        messages.success(request, done)
    return back


@staff_required
@require_GET
def pair_list(request):
    """The association's pairs under way: who meets, who has gone silent, who ends soon."""
    overdue = request.GET.get("filtre") == "sans-seance"
    ending_soon = request.GET.get("filtre") == "fin-proche"
    queryset = selectors.mentorships_for_association(
        association=request.association, overdue=overdue, ending_soon=ending_soon
    )
    # No count of the pages: counting the silent pairs would look up every pair's last session on each view.
    page = PageWithoutTotal(queryset, PAGE_SIZE, request.GET.get("page"))
    today = local_today()
    for mentorship in page:
        mentorship.silent = selectors.is_silent(mentorship, today)
        mentorship.ending = bool(
            mentorship.planned_end_on and mentorship.planned_end_on <= today + selectors.ENDING_WITHIN
        )
    context = {
        "page": page,
        "filter": request.GET.get("filtre", ""),
        "query": "",
        "silent_days": selectors.SILENT_AFTER_DAYS,
    }
    return render(request, "matching/follow_up/pair_list.html", context)


# --- Concerns ----------------------------------------------------------------------------------------------------


@require_POST
def tracking_concern(request, token):
    """The youth reports a concern to their association, confidentially, from their tracking page."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    form = ConcernForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ton message est vide."))
        return private_link_response(redirect("matching:tracking", token=token))
    try:
        alert_services.concern_report(request=youth_request, text=form.cleaned_data["text"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Ton message a bien été reçu : l'association le lit en priorité. Ton mentor n'en est pas informé."),
        )
    return private_link_response(redirect("matching:tracking", token=token))


@login_required
@require_POST
def mentor_concern(request):
    """The mentor asks their association a question or raises a concern, from Mon espace."""
    if mentor_profile_for_user(user=request.user) is None:
        raise Http404("mentors only")
    mentorships = {m.pk: m for m in selectors.mentorships_for_mentor(user=request.user)}
    form = MentorConcernForm(request.POST, prefix="concern", mentorships=mentorships.values())
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("matching:dashboard")
    data = {**form.cleaned_data, "mentorship": mentorships.get(form.cleaned_data["mentorship"])}
    try:
        alert_services.concern_raise(by=request.user, **data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre message est transmis à l'association, qui vous répondra."))
    return redirect("matching:dashboard")


# --- The follow-up queue: the association's alerts ------------------------------------------------------------------


@staff_required
@require_GET
def alert_queue(request):
    """The association's alerts: filters by kind, state and "mine"; urgent first."""
    form = AlertFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    if not form.is_valid():
        form = AlertFilterForm()
    queryset = selectors.alerts_for_association(
        association=request.association,
        states=selectors.ALERT_STATE_FILTERS[filters.get("statut") or "a-traiter"],
        kind=filters.get("type", ""),
        claimed_by=request.user if filters.get("miennes") else None,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filter_form": form, "query": query.urlencode()}
    return render(request, "matching/follow_up/alert_queue.html", context)


def _alert_of(request, pk):
    return get_object_or_404(selectors.alerts_in_detail(association=request.association), pk=pk)


@staff_required
@require_GET
def alert_detail(request, pk):
    alert = _alert_of(request, pk)
    context = {
        "alert": alert,
        "notes": alert.notes.select_related("by"),
        "transitions": alert.transitions.select_related("by"),
        "note_form": AlertNoteForm(),
        "resolve_form": AlertResolveForm(prefix="resolve"),
    }
    return render(request, "matching/follow_up/alert_detail.html", context)


@staff_required
@require_POST
def alert_claim(request, pk):
    alert = _alert_of(request, pk)
    try:
        alert_services.alert_claim(alert=alert, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Vous prenez cette alerte en charge."))
    return redirect("matching:alert_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def alert_note(request, pk):
    alert = _alert_of(request, pk)
    form = AlertNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La note est vide."))
    else:
        alert_services.alert_note_add(alert=alert, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("La note est ajoutée."))
    return redirect("matching:alert_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def alert_resolve(request, pk):
    alert = _alert_of(request, pk)
    form = AlertResolveForm(request.POST, prefix="resolve")
    if not form.is_valid():
        messages.error(request, _("Dites en une phrase comment l'alerte a été traitée."))
        return redirect("matching:alert_detail", association=request.association.slug, pk=pk)
    try:
        alert_services.alert_resolve(alert=alert, by=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'alerte est résolue."))
    return redirect("matching:alert_queue", association=request.association.slug)


CHECK_IN_TEMPLATE = "matching/follow_up/check_in.html"


@never_cache
@require_http_methods(["GET", "POST"])
def check_in_answer(request, token):
    """The youth answers a check-in through its link: a form while it waits, else a page that says why not."""
    check_in = selectors.check_in_by_token(token=token).first()
    if check_in is None:  # tampered, unknown, or erased with the youth's request
        return private_link_response(render(request, "matching/follow_up/check_in_invalid.html", status=404))
    youth_request = check_in.mentorship.request
    tracking_token = tokens.tracking_token(youth_request.public_id) if youth_request else ""
    return private_link_response(
        _check_in_page(request, check_in, by=None, back=redirect("matching:check_in_answer", token=token),
                       extra={"tracking_token": tracking_token})
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def mentor_check_in(request, pk):
    """The mentor answers one of their check-ins from Mon espace."""
    check_in = get_object_or_404(selectors.check_ins_for_mentor(user=request.user), pk=pk)
    return _check_in_page(request, check_in, by=request.user, back=redirect("matching:dashboard"))


def _check_in_page(request, check_in, *, by, back, extra=None):
    """The check-in's form (GET, or POST with errors), the answer already given, or why it no longer waits."""
    context = {"check_in": check_in, "as_mentor": by is not None, **(extra or {})}
    if check_in.answered_at:
        return render(request, CHECK_IN_TEMPLATE, context | {"status": "answered"})
    if not selectors.check_in_is_open(check_in):
        return render(request, CHECK_IN_TEMPLATE, context | {"status": "expired"}, status=410)
    if request.method == "GET":
        return render(request, CHECK_IN_TEMPLATE, context | {"status": "open", "form": CheckInForm()})
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return render(request, CHECK_IN_TEMPLATE, context | {"status": "open", "form": form}, status=400)
    try:
        check_in_record(check_in=check_in, by=by, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Merci pour vos réponses !") if by else _("Merci pour tes réponses !"))
    return back
