"""Mentors: a volunteer signs up; association staff work the vetting queue (list, detail, a view per step)."""

from allauth.account.views import SignupView
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from associations.decorators import staff_required
from associations.enums import AccessAction, AccessSubject
from associations.services import access_record
from mentoring.errors import DomainError

from .. import routing
from ..enums import allowed_mentor_actions
from ..forms.review import NoteForm
from ..forms.vetting import (
    BackgroundCheckForm,
    MentorQueueFilterForm,
    MentorRejectForm,
    MentorSignupForm,
    StepForm,
    TrainingForm,
)
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
        "note_form": NoteForm(),
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
    form = NoteForm(request.POST)
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
