"""The mentor vetting queue of an association's staff: list, detail, and one view per step."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from associations.decorators import staff_required

from .. import routing, selectors, services
from ..enums import MentorState
from ..forms import BackgroundCheckForm, MentorQueueFilterForm, MentorRejectForm, NoteForm, StepForm, TrainingForm
from ..services import TransitionNotAllowed, VettingError

PAGE_SIZE = 25

# The next step offered for each state, with its form and service.
NEXT_STEP = {
    MentorState.SUBMITTED: "contact",
    MentorState.CONTACTED: "interview",
    MentorState.INTERVIEWED: "check",
    MentorState.CHECKED: "train",
    MentorState.TRAINED: "activate",
    MentorState.PAUSED: "activate",
}
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
    queryset = selectors.mentor_queue(association=request.association, **form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    partial = request.headers.get("HX-Request") == "true"
    return render(
        request, "matching/staff/_mentor_results.html" if partial else "matching/staff/mentor_queue.html", context
    )


def _detail(request, mentor, status=200, step_forms=None):
    decision = mentor.routing_decisions.first()
    next_step = NEXT_STEP.get(mentor.state)
    forms = {name: form_class(prefix=name) for name, (form_class, _service, _done) in STEPS.items()}
    forms.update(step_forms or {})
    context = {
        "mentor": mentor,
        "next_step": next_step,
        "can_pause": mentor.state == MentorState.ACTIVE,
        "can_reject": mentor.state not in (MentorState.REJECTED, MentorState.ACTIVE),
        "forms": forms,
        "note_form": NoteForm(),
        "decision": decision,
        "candidates": routing.explain(decision),
        "check_valid_until": mentor.background_check_valid_until(),
        "check_valid": mentor.has_valid_background_check(),
    }
    return render(request, "matching/staff/mentor_detail.html", context, status=status)


@staff_required
@require_GET
def mentor_detail(request, pk):
    return _detail(request, selectors.mentor_for_staff(association=request.association, pk=pk))


@staff_required
@require_POST
def mentor_step(request, pk, step):
    mentor = selectors.mentor_for_staff(association=request.association, pk=pk)
    if step not in STEPS:
        return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)
    form_class, service, done = STEPS[step]
    form = form_class(request.POST, prefix=step)
    if not form.is_valid():
        return _detail(request, mentor, status=400, step_forms={step: form})
    try:
        service(mentor=mentor, by=request.user, **form.cleaned_data)
    except (TransitionNotAllowed, VettingError):
        messages.error(request, _("Cette étape n'est pas possible pour ce mentor dans son état actuel."))
    else:
        messages.success(request, done)
    return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def mentor_note(request, pk):
    mentor = selectors.mentor_for_staff(association=request.association, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.mentor_note_add(mentor=mentor, by=request.user, **form.cleaned_data)
        messages.success(request, _("Le commentaire est ajouté."))
    else:
        messages.error(request, _("Le commentaire est vide."))
    return redirect("matching:mentor_detail", association=request.association.slug, pk=pk)
