"""Mentors: a volunteer signs up; association staff work the vetting queue (list, detail, a view per step) and the
training sessions (list, schedule, change, cancel, attendance); a mentor registers to a session from Mon espace."""

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from associations.decorators import staff_required
from associations.enums import AccessAction, AccessSubject
from associations.services import access_record
from mentoring.errors import DomainError
from mentoring.links import absolute_url

from .. import routing
from ..enums import MentorState, TrainingRegistrationState, allowed_mentor_actions
from ..forms.vetting import (
    AttendanceForm,
    BackgroundCheckForm,
    MentorNoteForm,
    MentorQueueFilterForm,
    MentorRejectForm,
    MentorSignupForm,
    StepForm,
    TrainingForm,
    TrainingSessionForm,
)
from ..ics import training_session_ics
from ..selectors import vetting as selectors
from ..selectors.vetting import mentor_queue as mentor_queue_select
from ..selectors.vetting import mentors_for_vetting
from ..services import vetting as services
from ..services.vetting import CHECK_RENEWAL_STATES
from .common import is_htmx

PAGE_SIZE = 25
MENTOR_PIPELINE = ("contact", "interview", "check", "train", "activate")

# Each step with its form, its service and its message; which are offered comes from the transition table.
STEPS = {
    "contact": (StepForm, services.mentor_contact, gettext_lazy("Le premier contact est enregistré.")),
    "interview": (StepForm, services.mentor_interview, gettext_lazy("L'entretien est enregistré.")),
    "check": (
        BackgroundCheckForm,
        services.mentor_check_declare,
        gettext_lazy("La vérification de l'attestation est enregistrée."),
    ),
    "train": (TrainingForm, services.mentor_train, gettext_lazy("La formation est enregistrée.")),
    "activate": (StepForm, services.mentor_activate, gettext_lazy("Le mentor est actif.")),
    "pause": (StepForm, services.mentor_pause, gettext_lazy("Le mentor est en pause.")),
    "reject": (MentorRejectForm, services.mentor_reject, gettext_lazy("La candidature n'est pas retenue.")),
}


@staff_required
@require_GET
def mentor_queue(request):
    form = MentorQueueFilterForm(request.GET or None)
    queryset = mentor_queue_select(association=request.association, **form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "matching/vetting/_mentor_results.html" if is_htmx(request) else "matching/vetting/mentor_queue.html"
    return render(request, template, context)


def _detail(request, mentor, status=200, step_forms=None):
    decision = mentor.routing_decisions.first()
    actions = allowed_mentor_actions(mentor.state)
    if mentor.state in CHECK_RENEWAL_STATES:
        actions.add("renew_check")
    forms = {name: form_class(prefix=name) for name, (form_class, _service, _done) in STEPS.items()}
    forms.update(step_forms or {})
    context = {
        "mentor": mentor,
        # The pipeline's next step (at most one of these is allowed in any state), then the side actions.
        "next_step": next((step for step in MENTOR_PIPELINE if step in actions), None),
        "actions": actions,
        "forms": forms,
        "note_form": MentorNoteForm(),
        "decision": decision,
        "candidates": routing.explain(decision),
        "check_valid_until": mentor.background_check_valid_until(),
        "check_valid": mentor.has_valid_background_check(),
    }
    return render(request, "matching/vetting/mentor_detail.html", context, status=status)


@staff_required
@require_GET
def mentor_detail(request, pk):
    mentor = get_object_or_404(mentors_for_vetting(association=request.association), pk=pk)
    access_record(
        user=request.user,
        action=AccessAction.VIEW,
        subject=AccessSubject.MENTOR,
        subject_id=mentor.pk,
        association=request.association,
    )
    return _detail(request, mentor)


@staff_required
@require_POST
def mentor_step(request, pk, step):
    mentor = get_object_or_404(mentors_for_vetting(association=request.association), pk=pk)
    if step not in STEPS:
        return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)
    form_class, service, done = STEPS[step]
    form = form_class(request.POST, prefix=step)
    if not form.is_valid():
        return _detail(request, mentor, status=400, step_forms={step: form})
    try:
        service(mentor=mentor, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def mentor_note(request, pk):
    mentor = get_object_or_404(mentors_for_vetting(association=request.association), pk=pk)
    form = MentorNoteForm(request.POST)
    if form.is_valid():
        services.mentor_note_add(mentor=mentor, by=request.user, **form.cleaned_data)
        messages.success(request, _("Le commentaire est ajouté."))
    else:
        messages.error(request, _("Le commentaire est vide."))
    return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)


@method_decorator(never_cache, name="dispatch")
class MentorSignupView(SignupView):
    """allauth's sign-up view with the mentor application: one page, one transaction, then e-mail verification."""

    form_class = MentorSignupForm
    template_name = "matching/vetting/mentor_signup.html"

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            if self.user is not None:  # None when the address already has an account (allauth e-mails them)
                services.mentor_application_create(user=self.user, **form.profile_data())
        return response


# --- Training sessions: staff ----------------------------------------------------------------------------------------


@staff_required
@require_GET
def training_list(request):
    past = selectors.training_sessions_past(association=request.association)
    context = {
        "upcoming": list(selectors.training_sessions_upcoming(association=request.association)),
        "past": Paginator(past, PAGE_SIZE).get_page(request.GET.get("page")),
        "checked_mentors": mentor_queue_select(association=request.association, states=[MentorState.CHECKED]).count(),
    }
    return render(request, "matching/vetting/training_list.html", context)


def _training_form_page(request, form, session=None, status=200):
    return render(request, "matching/vetting/training_form.html", {"form": form, "session": session}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def training_create(request):
    if request.method != "POST":
        return _training_form_page(request, TrainingSessionForm())
    form = TrainingSessionForm(request.POST)
    if not form.is_valid():
        return _training_form_page(request, form, status=400)
    try:
        session = services.training_session_schedule(
            association=request.association, by=request.user, **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _training_form_page(request, form, status=400)
    messages.success(request, _("La session est programmée : les mentors à l'étape de la formation sont invités."))
    return redirect(session)


@staff_required
@require_GET
def training_detail(request, pk):
    session = get_object_or_404(selectors.training_sessions_with_registrations(association=request.association), pk=pk)
    registrations = list(session.registrations.all())
    context = {
        "session": session,
        "registrations": registrations,
        "seated": [r for r in registrations if r.state != TrainingRegistrationState.CANCELLED],
        "cancelled": [r for r in registrations if r.state == TrainingRegistrationState.CANCELLED],
        "started": session.has_started(),
    }
    return render(request, "matching/vetting/training_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def training_update(request, pk):
    session = get_object_or_404(selectors.training_sessions_for_association(association=request.association), pk=pk)
    if request.method != "POST":
        initial = {name: getattr(session, name) for name in TrainingSessionForm.base_fields}
        return _training_form_page(request, TrainingSessionForm(initial=initial), session)
    form = TrainingSessionForm(request.POST)
    if not form.is_valid():
        return _training_form_page(request, form, session, status=400)
    try:
        services.training_session_update(session=session, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return _training_form_page(request, form, session, status=400)
    messages.success(request, _("La session est modifiée : les mentors inscrits sont prévenus de tout changement."))
    return redirect(session)


@staff_required
@require_POST
def training_cancel(request, pk):
    session = get_object_or_404(selectors.training_sessions_for_association(association=request.association), pk=pk)
    try:
        services.training_session_cancel(session=session, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La session est annulée : les mentors inscrits sont prévenus."))
    return redirect(session)


@staff_required
@require_POST
def training_attendance(request, pk):
    registration = get_object_or_404(
        selectors.training_registrations_for_association(association=request.association), pk=pk
    )
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez si le mentor était présent ou absent."))
        return redirect(registration.session)
    try:
        services.training_attendance_mark(registration=registration, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if form.cleaned_data["attended"]:
            messages.success(request, _("Présence notée : la formation est enregistrée sur la fiche du mentor."))
        else:
            messages.success(request, _("Absence notée : le mentor pourra s'inscrire à une autre session."))
    return redirect(registration.session)


# --- Training sessions: the mentor, from Mon espace --------------------------------------------------------------


def _mentor_session(request, pk):
    """The signed-in mentor and a session of their association; a 404 for anyone else."""
    mentor = selectors.mentor_profile_for_user(user=request.user)
    if mentor is None:
        raise Http404("not a mentor")
    return mentor, get_object_or_404(selectors.training_sessions_for_mentor(mentor=mentor), pk=pk)


@login_required
@require_POST
def mentor_training_register(request, pk):
    mentor, session = _mentor_session(request, pk)
    try:
        services.training_register(session=session, mentor=mentor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Vous êtes inscrit à la formation. Ajoutez-la à votre agenda."))
    return redirect("matching:dashboard")


@login_required
@require_POST
def mentor_training_unregister(request, pk):
    mentor, session = _mentor_session(request, pk)
    registration = session.registrations.filter(mentor=mentor).first()
    if registration is None:
        messages.error(request, _("Vous n'êtes pas inscrit à cette session."))
        return redirect("matching:dashboard")
    try:
        services.training_unregister(registration=registration, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre inscription est annulée : vous pouvez choisir une autre session."))
    return redirect("matching:dashboard")


@login_required
@require_GET
def mentor_training_ics(request, pk):
    _mentor, session = _mentor_session(request, pk)
    content = training_session_ics(
        session, host=request.get_host().split(":")[0], url=absolute_url(reverse("matching:dashboard"))
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="formation-{session.pk}.ics"'
    return response
