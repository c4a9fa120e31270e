"""Youth requests: the public form, the tracking link, a parent's consent, withdrawal, export and erasure, retention."""

import logging
import uuid
from datetime import date, datetime, timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OutboundEmail, User
from accounts.services import email_outbox_forget, enqueue_on_commit
from associations.geography import department_for_commune, department_for_postal_code
from mentoring import links
from mentoring.errors import DomainError

from .. import consent, notifications, tokens
from ..dates import age_on, local_today
from ..enums import CLOSED_REQUEST_STATES, NEED_AXIS, Actor, CheckInRespondent, RequestState, WithdrawReason
from ..models import CheckIn, YouthRequest
from ..tasks import (
    request_link_send_task,
    request_parent_consent_ask_task,
    request_route_task,
    request_submitted_task,
)
from .follow_up_retention import mentorships_detach
from .pairing import mentorships_close_for_youth
from .transitions import request_move

logger = logging.getLogger("matching.services")

# Retention of youth requests (personal data, often of minors), applied every hour by requests_purge:
UNCONFIRMED_REQUEST_RETENTION = timedelta(days=30)  # a parent never answered: deleted 30 days after the request
CLOSED_REQUEST_RETENTION = timedelta(days=90)  # withdrawn or declined: deleted 90 days after it was closed


# Every e-mail about a youth request is keyed "youth_request:<id>:<event>" in the outbox: sent once per event, and
# found again by that prefix when the request is erased.
REQUEST_EVENT_PREFIX = "youth_request"
PARENT_CONSENT_ASKED = "parent_consent_asked"


def request_event_key(request_id: int, event: str = "") -> str:
    """The outbox key of the e-mail of ``event`` about this request (without ``event``: the prefix of them all)."""
    return f"{REQUEST_EVENT_PREFIX}:{request_id}:{event}"


def request_link_send(*, request_id: int, event_id: str) -> None:
    """E-mail a youth their tracking link. ``event_id`` identifies the sending: a retried task sends nothing more."""
    request = YouthRequest.objects.filter(pk=request_id).first()
    event_key = request_event_key(request_id, f"link:{event_id}")
    if request is None or OutboundEmail.objects.filter(event_key=event_key).exists():  # purged, or already sent
        return
    notifications.RequestReceived.send(
        to=notifications.youth_recipient(request),
        context={"request": request, "tracking_url": links.tracking_url(request)},
        event_key=event_key,
    )


def request_parent_consent_ask(*, request_id: int) -> None:
    """E-mail the parent of an under-15 the link to consent, once."""
    request = YouthRequest.objects.filter(pk=request_id, state=RequestState.AWAITING_PARENT_CONSENT).first()
    if request is None:
        return
    notifications.ParentConsentAsked.send(
        to=notifications.parent_recipient(request),
        context={
            "request": request,
            "consent_url": links.parent_consent_url(request),
            "expires_in_days": tokens.PARENT_CONSENT_MAX_AGE.days,
        },
        event_key=request_event_key(request.pk, PARENT_CONSENT_ASKED),
    )


# The event of the first tracking-link e-mail: a fixed name, so that the sweeper can send it again if its task was
# lost without ever sending it twice. A link sent again (a second submission) is a new event each time.
FIRST_LINK_EVENT = "submitted"
FIRST_LINK = f"link:{FIRST_LINK_EVENT}"  # its event, as request_event_key takes it


def _enqueue_link_email(request: YouthRequest) -> None:
    event_id = uuid.uuid4().hex
    enqueue_on_commit(request_link_send_task, request.pk, event_id)


def request_submit(
    *,
    first_name: str,
    last_name: str,
    email: str,
    birth_date: date,
    postal_code: str,
    situation: str,
    need: str,
    meeting_modes: list[str],
    availability: list[str],
    languages: list[str],
    description: str,
    language: str,
    phone: str = "",
    commune: str = "",
    sectors: list[str] | None = None,
    lives_in_qpv: bool | None = None,
    scholarship_holder: bool | None = None,
    disability_recognised: bool | None = None,
    parent_name: str = "",
    parent_email: str = "",
    now: datetime | None = None,
) -> YouthRequest:
    """Record a youth's request, or, when this e-mail already has an open one, send its tracking link again.

    Either way the caller answers the same, so that nobody learns from the page whether someone asked for help.
    Under 15, the request waits for a parent's consent, asked by e-mail.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    minor_under_consent_age = age_on(birth_date, local_today(now)) < consent.PARENT_CONSENT_UNDER_AGE
    state = RequestState.AWAITING_PARENT_CONSENT if minor_under_consent_age else RequestState.SUBMITTED
    # The creation is recorded by the row itself (created_at, state); the transition log holds later changes.
    # Insert first: the partial unique index on lower(email) says whether this person already has an open request,
    # so a new request costs no look-up, and two simultaneous submissions cannot both get through. The savepoint
    # (a transaction outside any) lets a conflict be recovered from.
    try:
        with transaction.atomic():
            request = YouthRequest.objects.create(
                state=state,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email,
                phone=phone,
                birth_date=birth_date,
                postal_code=postal_code,
                # A postal code may span two departments (48250: Laveyrune is in Ardèche): the commune tells.
                department=(
                    department_for_commune(postal_code, commune) if commune else department_for_postal_code(postal_code)
                ),
                commune=commune.strip(),
                situation=situation,
                need=need,
                axis=NEED_AXIS[need],
                sectors=sorted(sectors or []),
                meeting_modes=sorted(meeting_modes),
                availability=sorted(availability),
                languages=sorted(languages),
                description=description.strip(),
                lives_in_qpv=lives_in_qpv,
                scholarship_holder=scholarship_holder,
                disability_recognised=disability_recognised,
                consent_version=consent.YOUTH_CONSENT_VERSION,
                consent_at=now,
                parent_name=parent_name.strip() if minor_under_consent_age else "",
                parent_email=parent_email.strip().lower() if minor_under_consent_age else "",
                language=language,
                created_at=now,
                submitted_at=None if minor_under_consent_age else now,
            )
    except IntegrityError:
        existing = YouthRequest.objects.open().for_email(email).first()
        if existing is None:
            raise
        return _request_resend_link(existing)

    logger.info("youth_request.created id=%s state=%s", request.pk, state)
    # One task for what follows a submission: the tracking link by e-mail, then the routing (once submitted).
    enqueue_on_commit(request_submitted_task, request.pk, FIRST_LINK_EVENT)
    if minor_under_consent_age:
        enqueue_on_commit(request_parent_consent_ask_task, request.pk)
    return request


def _request_resend_link(request: YouthRequest) -> YouthRequest:
    logger.info("youth_request.duplicate id=%s tracking link sent again", request.pk)
    _enqueue_link_email(request)
    return request


@transaction.atomic
def request_links_replace(*, email: str) -> int:
    """Someone lost a link ("lien de suivi perdu"): every request whose youth's or parent's address is ``email``
    gets a new link for that address, the old one stopping working, and the owner of the address receives the new
    one by e-mail (through the outbox: sent even if the broker is down now). The youth's tracking link and the
    parent's consent link have ids of their own: replacing one leaves the other working. With the youth's link,
    the youth's check-in links are replaced too: a check-in page leads to the tracking page, so an old check-in
    e-mail must not lead to the new one (the new tracking page links to the check-ins still open). How many
    requests: the page answers the same whatever it is."""
    email = email.strip().lower()
    requests = list(
        YouthRequest.objects.select_for_update()
        .filter(Q(email__iexact=email) | Q(parent_email__iexact=email))
        .order_by("pk")
    )
    for request in requests:
        event = f"link_replaced:{uuid.uuid4().hex}"
        if request.email.lower() == email:
            _request_tracking_link_replace(request)
            notifications.LinkReplaced.send(
                to=notifications.youth_recipient(request),
                event_key=request_event_key(request.pk, event),
                context={"request": request, "tracking_url": links.tracking_url(request)},
            )
        if request.parent_email.lower() == email:
            request.parent_public_id = uuid.uuid4()
            request.save(update_fields=["parent_public_id"])
            notifications.ParentLinkReplaced.send(
                to=notifications.parent_recipient(request),
                event_key=request_event_key(request.pk, f"parent_{event}"),
                context={"request": request, "consent_url": links.parent_consent_url(request)},
            )
        logger.info("youth_request.links_replaced id=%s", request.pk)
    return len(requests)


def _request_tracking_link_replace(request: YouthRequest) -> None:
    request.public_id = uuid.uuid4()
    request.save(update_fields=["public_id"])
    for check_in in (
        CheckIn.objects.select_for_update(of=("self",))
        .filter(mentorship__request=request, respondent=CheckInRespondent.YOUTH)
        .order_by("pk")
    ):
        check_in.public_id = uuid.uuid4()
        check_in.save(update_fields=["public_id"])


@transaction.atomic
def request_parent_consent_confirm(*, request: YouthRequest, now: datetime | None = None) -> YouthRequest:
    """A parent agrees: the request is sent on. Confirming twice changes nothing."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.AWAITING_PARENT_CONSENT:
        return request
    now = now or timezone.now()
    request.parent_consent_at = now
    request.submitted_at = now
    request_move(request, to=RequestState.SUBMITTED, actor=Actor.PARENT)
    notifications.ParentConsentGiven.send(
        to=notifications.youth_recipient(request),
        context={"request": request},
        event_key=request_event_key(request.pk, "parent_consent_given"),
    )
    enqueue_on_commit(request_route_task, request.pk)
    return request


@transaction.atomic
def request_parent_consent_refuse(*, request: YouthRequest, now: datetime | None = None) -> YouthRequest:
    """A parent does not agree: the request is withdrawn and will be deleted with the other closed requests."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.AWAITING_PARENT_CONSENT:
        return request
    request.closed_at = now or timezone.now()
    request_move(request, to=RequestState.WITHDRAWN, actor=Actor.PARENT, reason=WithdrawReason.PARENT_REFUSED)
    return request


@transaction.atomic
def request_parent_consent_withdraw(*, request: YouthRequest, now: datetime | None = None) -> YouthRequest:
    """A parent withdraws the consent they gave, at any time (GDPR art. 7(3)): the request is withdrawn, a mentorship
    is stopped (the mentor gets their place back), and the request is deleted with the other closed requests.
    A request without a parent's consent, or already closed (withdrawn twice included), is refused with why."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    if request.parent_consent_at is None:
        raise DomainError("no_parent_consent", _("Aucun accord n'a été donné pour cette demande."))
    if request.state in CLOSED_REQUEST_STATES:
        raise DomainError(
            "already_closed",
            _("Cette demande est déjà close : ses données seront supprimées 90 jours après sa clôture."),
        )
    request.closed_at = now or timezone.now()
    request.claimed_by = None
    request_move(request, to=RequestState.WITHDRAWN, actor=Actor.PARENT, reason=WithdrawReason.PARENT_WITHDREW)
    mentorships_close_for_youth(request=request, actor=Actor.PARENT)
    return request


@transaction.atomic
def request_reminders_set(*, request: YouthRequest, accepts_non_essential_emails: bool) -> YouthRequest:
    """The youth turns reminders (check-in invitations) on or off from their tracking link; essential e-mails (their
    request's steps, their mentor to confirm) always go."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    request.accepts_non_essential_emails = accepts_non_essential_emails
    request.save(update_fields=["accepts_non_essential_emails"])
    return request


@transaction.atomic
def request_withdraw(
    *, request: YouthRequest, reason: str, note: str = "", now: datetime | None = None
) -> YouthRequest:
    """The youth withdraws their request from their tracking page."""
    request = YouthRequest.objects.select_for_update().get(pk=request.pk)
    request.closed_at = now or timezone.now()
    request.claimed_by = None
    request_move(request, to=RequestState.WITHDRAWN, actor=Actor.YOUTH, reason=reason, note=note.strip())
    mentorships_close_for_youth(request=request)
    return request


def requests_expired(*, now: datetime) -> dict[str, Q]:
    """What makes a request past its retention period (see above), by kind."""
    return {
        "unconfirmed": Q(
            state=RequestState.AWAITING_PARENT_CONSENT, created_at__lt=now - UNCONFIRMED_REQUEST_RETENTION
        ),
        "closed": Q(state__in=CLOSED_REQUEST_STATES, closed_at__lt=now - CLOSED_REQUEST_RETENTION),
    }


def requests_purge(*, now: datetime | None = None, wet_run: bool = False, progress=None) -> dict[str, int]:
    """Delete the requests past their retention period (see above). Returns how many of each kind it deleted (or,
    without ``wet_run``, would delete). Running it twice deletes nothing the second time.

    Each request is erased in its own transaction, its condition checked again under its row lock: a request that
    changed since the list was read (a parent who consented at the last minute) is left alone, and one locked by
    someone at work on it is left for the next run. ``progress(done, total)`` is called after each one examined."""
    now = now or timezone.now()
    kinds = requests_expired(now=now)
    report = {kind: YouthRequest.objects.filter(expired).count() for kind, expired in kinds.items()}
    if not wet_run:
        return report
    done, total = 0, sum(report.values())
    for kind, expired in kinds.items():
        erased = 0
        for request in list(YouthRequest.objects.filter(expired).only("pk")):
            erased += request_erase(request=request, only_if=expired)
            done += 1
            if progress:
                progress(done, total)
        report[kind] = erased
        logger.info("youth_request.purged kind=%s count=%s", kind, erased)
    return report


@transaction.atomic
def request_erase(*, request: YouthRequest, only_if: Q | None = None) -> bool:
    """Erase a request and every copy it left behind: its log, routing decisions, contacts, notes, mentorships not
    started, the youth's side of those that took place (detached, their anonymous statistics kept), the e-mails
    about it in the outbox (to the youth, their parent, their mentor) and its admin history.

    The one way a request is erased, whether by the youth, an administrator or the retention purge; the row is
    locked first. With ``only_if`` (the purge), a request that no longer meets it, or that someone holds locked,
    is left alone. Returns whether the request was erased."""
    requests = YouthRequest.objects.filter(pk=request.pk)
    if only_if is None:
        request = requests.select_for_update().first()
    else:
        request = requests.filter(only_if).select_for_update(skip_locked=True).first()
    if request is None:  # erased meanwhile, changed, or busy
        return False
    mentorships_close_for_youth(request=request)  # the mentor gets their place back before the pairing is deleted
    # E-mails about this request: those to the youth and their parent, and those to a mentor, which name the youth.
    event_key_prefixes = [request_event_key(request.pk)]
    event_key_prefixes += [f"mentorship:{pk}:" for pk in request.mentorships.values_list("pk", flat=True)]
    # Anything else sent to their addresses too, unless someone else (another request, an account) uses them.
    addresses = {address for address in (request.email, request.parent_email) if address}
    others = YouthRequest.objects.filter(Q(email__in=addresses) | Q(parent_email__in=addresses)).exclude(pk=request.pk)
    shared = {address for pair in others.values_list("email", "parent_email") for address in pair}
    # Account addresses keep the case they were typed in; the request's are lower case.
    accounts = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=addresses)
    shared |= set(accounts.values_list("email_lower", flat=True))
    email_outbox_forget(addresses=sorted(addresses - shared), event_key_prefixes=event_key_prefixes)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(YouthRequest), object_id=str(request.pk)
    ).delete()  # the admin's history names the youth
    mentorships_detach(request=request)  # those that took place stay for the statistics, without the youth
    pk = request.pk
    request.delete()  # the transition log, routing decisions, contacts, notes and other mentorships go (CASCADE)
    logger.info("youth_request.erased id=%s", pk)
    return True
