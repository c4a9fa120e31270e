"""The review queue of an association's staff: their entrance, the list, a request's page, and a view per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from associations.decorators import staff_required
from associations.enums import AccessAction, AccessSubject
from associations.selectors import memberships_for_user
from associations.services import access_record
from mentoring.errors import DomainError

from .. import routing
from ..enums import DeclineReason, allowed_mentorship_actions, allowed_request_actions
from ..forms.follow_up import CompleteForm, EndEarlyForm, PauseForm, ResumeForm
from ..forms.review import (
    AcceptForm,
    BulkActionForm,
    ContactAttemptForm,
    DeclineForm,
    NoteForm,
    QueueFilterForm,
    RedirectForm,
)
from ..selectors import review as selectors
from ..selectors.follow_up import check_ins_of_request
from ..selectors.pairing import open_mentorship
from ..selectors.requests import request_timeline
from ..services import review as services
from .common import is_htmx

PAGE_SIZE = 25


@login_required
@require_GET
def staff_home(request):
    """The associations the person works for; straight to the queue when there is only one."""
    memberships = list(memberships_for_user(user=request.user))
    if len(memberships) == 1 and not request.user.is_superuser:
        return redirect("matching:request_queue", association=memberships[0].association.slug)
    return render(request, "matching/review/home.html", {"memberships": memberships})


@staff_required
@require_GET
def request_queue(request):
    form = QueueFilterForm(request.GET or None)
    queryset = selectors.request_queue(association=request.association, user=request.user, **form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.sla = selectors.sla_level(item.routed_at)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "decline_reasons": DeclineReason.choices}
    template = "matching/review/_request_results.html" if is_htmx(request) else "matching/review/request_queue.html"
    return render(request, template, context)


def _back_to_queue(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("matching:request_queue", association=request.association.slug)


@staff_required
@require_POST
def request_bulk(request):
    scoped = selectors.requests_for_association(association=request.association)
    form = BulkActionForm(request.POST, allowed=scoped)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_queue(request)
    chosen = list(form.cleaned_data["ids"])
    if form.cleaned_data["action"] == "claim":
        done = services.requests_claim(requests=chosen, by=request.user)
        messages.success(
            request, _("%(done)d demande(s) prise(s) en charge sur %(asked)d.") % {"done": done, "asked": len(chosen)}
        )
    else:
        done = services.requests_decline(
            requests=chosen, by=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        messages.success(
            request, _("%(done)d demande(s) non retenue(s) sur %(asked)d.") % {"done": done, "asked": len(chosen)}
        )
    return _back_to_queue(request)


def _detail(request, youth_request, status=200, **forms):
    decision = youth_request.routing_decisions.select_related("association").first()
    mentorship = open_mentorship(request=youth_request)
    context = {
        "mentorship": mentorship,
        # Both the youth's and the mentor's answers, for staff only.
        "check_ins": list(check_ins_of_request(request=youth_request)),
        "closure_forms": {
            "pause": PauseForm(prefix="pause"),
            "resume": ResumeForm(prefix="resume"),
            "complete": CompleteForm(prefix="complete", axis=youth_request.axis),
            "end": EndEarlyForm(prefix="end"),
        }
        if mentorship
        else {},
        "youth_request": youth_request,
        "timeline": request_timeline(request=youth_request),
        **selectors.request_own_records(request=youth_request),
        "decision": decision,
        "candidates": routing.explain(decision),
        "sla": selectors.sla_level(youth_request.routed_at),
        "age": youth_request.age(),
        "minor": youth_request.is_minor(),
        # Several of these forms have a "note": each gets ids of its own (the field names, posted, stay the same).
        "contact_form": forms.get("contact_form") or ContactAttemptForm(auto_id="id_contact-%s"),
        "accept_form": forms.get("accept_form") or AcceptForm(auto_id="id_accept-%s"),
        "redirect_form": forms.get("redirect_form")
        or RedirectForm(current=request.association, auto_id="id_redirect-%s"),
        "decline_form": forms.get("decline_form") or DeclineForm(auto_id="id_decline-%s"),
        "note_form": forms.get("note_form") or NoteForm(auto_id="id_comment-%s"),
        "can": allowed_request_actions(youth_request.state) | {"note"},
        "mentorship_can": allowed_mentorship_actions(mentorship.state) if mentorship else set(),
    }
    return render(request, "matching/review/request_detail.html", context, status=status)


@staff_required
@require_GET
def request_detail(request, pk):
    youth_request = get_object_or_404(selectors.requests_for_review(association=request.association), pk=pk)
    access_record(
        user=request.user,
        action=AccessAction.VIEW,
        subject=AccessSubject.YOUTH_REQUEST,
        subject_id=youth_request.pk,
        association=request.association,
    )
    return _detail(request, youth_request)


def _act(request, pk, *, form_name, form, call, done, to_queue=False):
    """The shape of every action: a scoped lookup, a valid form, one service call, a message, a redirect."""
    youth_request = get_object_or_404(selectors.requests_for_review(association=request.association), pk=pk)
    if form is not None and not form.is_valid():
        return _detail(request, youth_request, status=400, **{form_name: form})
    try:
        call(youth_request, form.cleaned_data if form is not None else {})
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
        if to_queue:  # the request has left this association's hands
            return redirect("matching:request_queue", association=request.association.slug)
    return redirect("matching:request_detail", association=request.association.slug, pk=pk)


@staff_required
@require_POST
def request_claim(request, pk):
    return _act(
        request, pk, form_name="", form=None,
        call=lambda r, data: services.request_claim(request=r, by=request.user),
        done=_("Vous prenez en charge cette demande."),
    )  # fmt: skip


@staff_required
@require_POST
def request_contact(request, pk):
    return _act(
        request, pk, form_name="contact_form", form=ContactAttemptForm(request.POST),
        call=lambda r, data: services.request_contact_log(request=r, by=request.user, **data),
        done=_("La tentative de contact est enregistrée."),
    )  # fmt: skip


@staff_required
@require_POST
def request_accept(request, pk):
    return _act(
        request, pk, form_name="accept_form", form=AcceptForm(request.POST),
        call=lambda r, data: services.request_accept(request=r, by=request.user, **data),
        done=_("La demande est acceptée : le jeune est prêt à rencontrer un mentor."),
    )  # fmt: skip


@staff_required
@require_POST
def request_redirect(request, pk):
    return _act(
        request, pk, form_name="redirect_form", form=RedirectForm(request.POST, current=request.association),
        call=lambda r, data: services.request_redirect(request=r, by=request.user, **data),
        done=_("La demande est confiée à l'autre association."), to_queue=True,
    )  # fmt: skip


@staff_required
@require_POST
def request_decline(request, pk):
    return _act(
        request, pk, form_name="decline_form", form=DeclineForm(request.POST),
        call=lambda r, data: services.request_decline(request=r, by=request.user, **data),
        done=_("La demande n'est pas retenue ; le jeune en est informé."),
    )  # fmt: skip


@staff_required
@require_POST
def request_note(request, pk):
    return _act(
        request, pk, form_name="note_form", form=NoteForm(request.POST),
        call=lambda r, data: services.request_note_add(request=r, by=request.user, **data),
        done=_("Le commentaire est ajouté."),
    )  # fmt: skip
