"""A youth's request, without an account: the form, its tracking link (withdraw, export, erase), a parent's consent,
a new link for a lost one."""

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.errors import DomainError

from .. import tokens
from ..enums import OPEN_REQUEST_STATES, CheckInRespondent, RequestState
from ..forms.follow_up import ConcernForm, FeedbackForm, RemindersForm
from ..forms.requests import LostLinkForm, WithdrawForm, YouthRequestForm
from ..ratelimit import intake_address_limited, intake_recipient_limited, lost_link_limited
from ..selectors.follow_up import check_in_is_open, check_ins_of_request, concerns_of_request, months_of
from ..selectors.pairing import open_mentorship
from ..selectors.requests import request_by_parent_token, request_by_tracking_token, request_export, request_timeline
from ..services.requests import (
    request_erase,
    request_links_replace,
    request_parent_consent_confirm,
    request_parent_consent_refuse,
    request_parent_consent_withdraw,
    request_reminders_set,
    request_submit,
    request_withdraw,
)
from .common import private_link_response

SENT_COOKIE = "intake_sent_to"


@require_http_methods(["GET", "POST"])
def youth_request_create(request):
    if request.method == "GET":
        return render(request, "matching/requests/youth_request_form.html", {"form": YouthRequestForm()})

    form = YouthRequestForm(request.POST)
    if intake_address_limited(request):
        # The other errors are shown too, and everything typed is kept.
        form.add_error(None, _("Trop de demandes envoyées depuis cette connexion. Réessaie dans une heure."))
        return render(request, "matching/requests/youth_request_form.html", {"form": form}, status=429)
    if form.is_bot:
        form.add_error(
            None, _("Cet envoi ressemble à celui d'un robot : laisse vide le champ « Ne pas remplir ce champ ».")
        )
        return render(request, "matching/requests/youth_request_form.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "matching/requests/youth_request_form.html", {"form": form}, status=400)
    # Each address the platform will write to, counted only for a post it would act on.
    recipient_messages = {
        "email": _(
            "Plusieurs demandes ont déjà été envoyées avec cette adresse e-mail. Ton lien de suivi t'a été envoyé : "
            "regarde dans ta boîte de réception (et dans les indésirables), ou réessaie plus tard."
        ),
        "parent_email": _(
            "Plusieurs demandes ont déjà été envoyées avec l'adresse e-mail de ce parent. Réessaie plus tard."
        ),
    }
    for field, message in recipient_messages.items():
        if form.cleaned_data[field] and intake_recipient_limited(request, form.cleaned_data[field]):
            form.add_error(field, message)
            return render(request, "matching/requests/youth_request_form.html", {"form": form}, status=429)

    request_submit(**form.submission(), language=get_language())
    response = redirect("matching:youth_request_sent")
    # The address typed, for the next page only: a short-lived signed cookie rather than a stored session.
    response.set_signed_cookie(
        SENT_COOKIE,
        form.cleaned_data["email"],
        salt=SENT_COOKIE,
        max_age=600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


@require_http_methods(["GET"])
def youth_request_sent(request):
    email = request.get_signed_cookie(SENT_COOKIE, default="", salt=SENT_COOKIE, max_age=600)
    return render(request, "matching/requests/youth_request_sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def tracking_lost(request):
    """A new link for a lost one, e-mailed to the address on file; the answer is the same whether the address is
    known or not (nobody learns who asked for a mentor), and the old link stops working."""
    form = LostLinkForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "matching/requests/lost_link.html", {"form": form}, status=status)
    if not lost_link_limited(request, form.cleaned_data["email"]):
        request_links_replace(email=form.cleaned_data["email"])
    return render(request, "matching/requests/lost_link.html", {"form": LostLinkForm(), "sent": True})


@never_cache
@require_http_methods(["GET"])
def tracking(request, token):
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    return private_link_response(
        render(request, "matching/requests/tracking.html", _tracking_context(youth_request, token, WithdrawForm()))
    )


def _tracking_context(youth_request, token, withdraw_form) -> dict:
    mentorship = open_mentorship(request=youth_request)
    sessions = list(mentorship.sessions.all()) if mentorship else []
    check_ins = list(check_ins_of_request(request=youth_request, respondent=CheckInRespondent.YOUTH))
    for check_in in check_ins:
        check_in.is_open = check_in_is_open(check_in)
        check_in.token = tokens.check_in_token(check_in.public_id)
    return {
        "youth_request": youth_request,
        "timeline": request_timeline(request=youth_request),
        "token": token,
        "is_open": youth_request.state in OPEN_REQUEST_STATES,
        "withdraw_form": withdraw_form,
        "mentorship": mentorship,
        "sessions": sessions,
        "months": months_of(mentorship, sessions) if mentorship else [],
        "feedback_form": FeedbackForm(),
        "concern_form": ConcernForm(),
        "concerns": list(concerns_of_request(request=youth_request)) if youth_request.association_id else [],
        "check_ins": check_ins,
        "reminders_form": RemindersForm(
            initial={"accepts_non_essential_emails": youth_request.accepts_non_essential_emails}
        ),
    }


@never_cache
@require_POST
def tracking_withdraw(request, token):
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    form = WithdrawForm(request.POST)
    if youth_request.state not in OPEN_REQUEST_STATES:
        messages.info(request, _("Cette demande est déjà close."))
        return redirect("matching:tracking", token=token)
    if not form.is_valid():
        context = _tracking_context(youth_request, token, form)
        return private_link_response(render(request, "matching/requests/tracking.html", context, status=400))
    try:
        request_withdraw(request=youth_request, **form.cleaned_data)
    except DomainError:  # closed meanwhile (declined, or its mentorship over)
        messages.info(request, _("Cette demande est déjà close."))
    else:
        messages.success(request, _("Ta demande est retirée. Tu peux en faire une nouvelle à tout moment."))
    return redirect("matching:tracking", token=token)


@never_cache
@require_POST
def tracking_reminders(request, token):
    """The youth turns reminders by e-mail on or off."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    form = RemindersForm(request.POST)
    form.is_valid()  # a single checkbox: always valid
    request_reminders_set(request=youth_request, **form.cleaned_data)
    if form.cleaned_data["accepts_non_essential_emails"]:
        messages.success(request, _("C'est noté : tu recevras les rappels par e-mail."))
    else:
        messages.success(
            request, _("C'est noté : plus de rappels. Les e-mails importants sur ta demande arriveront toujours.")
        )
    return private_link_response(redirect("matching:tracking", token=token))


@never_cache
@require_http_methods(["GET"])
def tracking_export(request, token):
    """The youth downloads everything held about their request."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    response = JsonResponse(
        request_export(request=youth_request), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-1jeune1mentor.json"'
    return private_link_response(response)


@never_cache
@require_POST
def tracking_erase(request, token):
    """The youth erases their request and its data for good."""
    youth_request = get_object_or_404(request_by_tracking_token(token=token))
    request_erase(request=youth_request)
    messages.success(request, _("Ta demande et toutes tes données ont été supprimées."))
    return redirect("home")


@never_cache
@require_http_methods(["GET", "POST"])
def parent_consent(request, token):
    """A parent gives or refuses consent (within the link's validity), or withdraws it later (at any time)."""
    youth_request = get_object_or_404(request_by_parent_token(token=token))
    can_consent = tokens.parent_consent_token_fresh(token)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "confirm" and not can_consent:
            messages.error(request, _("Ce lien a expiré : il ne permet plus de donner votre accord."))
        elif decision == "confirm":
            request_parent_consent_confirm(request=youth_request)
            messages.success(request, _("Merci ! Votre accord est enregistré et la demande est transmise."))
        elif decision == "refuse":
            request_parent_consent_refuse(request=youth_request)
            messages.info(request, _("C'est noté : la demande ne sera pas transmise."))
        elif decision == "withdraw":
            try:
                request_parent_consent_withdraw(request=youth_request)
            except DomainError as error:
                messages.info(request, error.message)
            else:
                messages.info(request, _("C'est noté : votre accord est retiré et la demande est close."))
        return redirect("matching:parent_consent", token=token)
    context = {
        "youth_request": youth_request,
        "awaiting": youth_request.state == RequestState.AWAITING_PARENT_CONSENT,
        "can_consent": can_consent,
        "is_open": youth_request.state in OPEN_REQUEST_STATES,
    }
    return private_link_response(render(request, "matching/requests/parent_consent.html", context))
