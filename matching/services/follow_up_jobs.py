"""Follow-up scheduled jobs (beat, and a management command each, a dry run unless --wet-run): silent pairs,
untouched requests, pairs at six months, background checks expiring, the coordinators' morning digest and the monthly
session reminder. Each finds its events and acts once per event, however many times it runs."""

import logging
from collections import Counter
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import Recipient
from associations.enums import StaffRole
from associations.models import Association, StaffMembership
from mentoring import links
from mentoring.links import absolute_url, tracking_url

from .. import notifications
from ..dates import local_today
from ..enums import AlertKind, RequestState
from ..models import Alert, MentorProfile, Mentorship, YouthRequest
from ..selectors import follow_up as selectors
from ..selectors.follow_up import silent_mentorships
from .follow_up_alerts import alert_email, alert_event_key, alert_raise, staff_users
from .locks import mentorship_lock_now

logger = logging.getLogger("matching.services")


# --- Scheduled jobs: each finds its events, raises each one's alert once and sends its e-mails once ---------------
# A job returns what it did (or, with wet_run=False, would do) in a line per event, naming ids, never people.


def _each_once(items: list, *, key, describe, act, wet_run: bool) -> list[str]:
    """The events among ``items`` whose alert (by its dedup key, ``key(item)``) was never raised: a line each
    (``describe(item)``) and, with ``wet_run``, ``act(item, dedup_key)``. An act that finds its event gone (the item
    changed since it was listed) returns None and has no line."""
    keys = {item.pk: key(item) for item in items}
    raised = selectors.alert_keys_raised(keys=keys.values())
    done = []
    for item in items:
        if keys[item.pk] in raised:
            continue
        if wet_run and act(item, keys[item.pk]) is None:
            continue
        done.append(describe(item))
    return done


def _silent_key(pair: Mentorship, kind: AlertKind) -> str:
    return f"{kind}:{pair.pk}:{pair.last_contact.isoformat()}"


def _untouched_key(request: YouthRequest, kind: AlertKind) -> str:
    return f"{kind}:{request.pk}:{timezone.localdate(request.last_touch).isoformat()}"


def silent_pairs_alert(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Pairs without a session for more than 45 days (SILENT_AFTER_DAYS): an alert and an e-mail to the mentor; for
    more than 60 days: escalated to the association's admins. Once per silence (its key holds the last session's
    date)."""
    today = today or local_today()
    done = []
    steps = [
        (selectors.SILENT_AFTER_DAYS, AlertKind.SILENT_PAIR),
        (selectors.SILENT_ESCALATE_AFTER, AlertKind.SILENT_PAIR_ESCALATED),
    ]
    for days, kind in steps:
        done += _each_once(
            list(selectors.silent_pairs(today=today, days=days)),
            key=lambda pair, kind=kind: _silent_key(pair, kind),
            describe=lambda pair, kind=kind: (
                f"mentorship {pair.pk} ({pair.association.slug}): {(today - pair.last_contact).days} days -> {kind}"
            ),
            act=lambda pair, key, kind=kind, days=days: mentorship_silent_alert(
                mentorship=pair, kind=kind, dedup_key=key, today=today, days=days
            ),
            wet_run=wet_run,
        )
    return done


@transaction.atomic
def mentorship_silent_alert(
    *, mentorship: Mentorship, kind: AlertKind, dedup_key: str, today: date, days: int
) -> Alert | None:
    """The pair's silence alerted, if it is still the silence the job listed: the pair is read again once its
    request, itself and its mentor are locked (the services that log a session, pause or close a pair lock the pair
    too), and one that met or changed since raises nothing (None). The rows are locked without waiting, so that a job
    never holds up a person: a pair busy now (a youth withdrawing, a mentor leaving) raises nothing either, and the
    next run, its key unchanged, raises its alert."""
    if not mentorship_lock_now(mentorship=mentorship):
        return None
    mentorship = selectors.silent_pairs(today=today, days=days).filter(pk=mentorship.pk).first()
    if mentorship is None or _silent_key(mentorship, kind) != dedup_key:
        return None
    alert = alert_raise(
        association=mentorship.association,
        kind=kind,
        request=mentorship.request,
        mentorship=mentorship,
        mentor=mentorship.mentor,
        dedup_key=dedup_key,
    )
    if kind == AlertKind.SILENT_PAIR_ESCALATED:
        alert_email(alert=alert, users=staff_users(association=mentorship.association, role=StaffRole.ADMIN))
        return alert
    mentor = mentorship.mentor.user
    notifications.SilentPair.send(
        to=Recipient.for_user(mentor),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor,
            "youth": mentorship.request.first_name,
            "days": days,
            "association": mentorship.association,
            "dashboard_url": absolute_url(reverse("matching:dashboard")),
        },
    )
    return alert


def requests_untouched_remind(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Requests in the queue untouched for 7 days: an alert, e-mailed to the coordinators; 14 days: escalated to the
    association's admins. Once per wait (its key holds the date of the last move)."""
    today = today or local_today()
    done = []
    steps = [
        (selectors.UNTOUCHED_REMIND_AFTER, AlertKind.REQUEST_UNTOUCHED, StaffRole.COORDINATOR),
        (selectors.UNTOUCHED_ESCALATE_AFTER, AlertKind.REQUEST_UNTOUCHED_ESCALATED, StaffRole.ADMIN),
    ]
    for days, kind, role in steps:
        done += _each_once(
            list(selectors.untouched_requests(today=today, days=days)),
            key=lambda r, kind=kind: _untouched_key(r, kind),
            describe=lambda r, kind=kind: (
                f"request {r.pk} ({r.association.slug}): {(today - timezone.localdate(r.last_touch)).days} days"
                f" -> {kind}"
            ),
            act=lambda r, key, kind=kind, role=role, days=days: request_untouched_alert(
                request=r, kind=kind, role=role, dedup_key=key, today=today, days=days
            ),
            wet_run=wet_run,
        )
    return done


@transaction.atomic
def request_untouched_alert(
    *, request: YouthRequest, kind: AlertKind, role: StaffRole, dedup_key: str, today: date, days: int
) -> Alert | None:
    """The request's wait alerted, if it is still the wait the job listed: the request is read again, locked (the
    review services lock it too), so that one redirected to another association, taken out of the queue, moved or
    contacted since raises nothing (None), and the alert goes to the association that holds the request. (A note
    does not lock the request: one written in the instant after this reading lets the alert through.)"""
    YouthRequest.objects.select_for_update().filter(pk=request.pk).first()  # erased since: the query finds none
    request = selectors.untouched_requests(today=today, days=days).filter(pk=request.pk).first()
    if request is None or _untouched_key(request, kind) != dedup_key:
        return None
    alert = alert_raise(association=request.association, kind=kind, request=request, dedup_key=dedup_key)
    if request.claimed_by is not None and role == StaffRole.COORDINATOR:
        users = [request.claimed_by]  # whoever claimed it, rather than the whole team
    else:
        users = staff_users(association=request.association, role=role)
    alert_email(alert=alert, users=users)
    return alert


def pairs_six_months_ask(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Pairs six months in: the mentor (e-mail) and the youth (e-mail with their tracking link) are asked whether to
    go on or close, and the referent gets an alert (the staff action that closes is mentorship_complete). Once per
    pair."""
    today = today or local_today()
    return _each_once(
        list(selectors.pairs_at_six_months(today=today)),
        key=lambda pair: f"{AlertKind.SIX_MONTHS_REACHED}:{pair.pk}",
        describe=lambda p: f"mentorship {p.pk} ({p.association.slug}): started {p.started_on} -> six months",
        act=lambda pair, key: mentorship_six_months_ask(mentorship=pair, dedup_key=key, today=today),
        wet_run=wet_run,
    )


@transaction.atomic
def mentorship_six_months_ask(*, mentorship: Mentorship, dedup_key: str, today: date) -> Alert | None:
    """The pair asked, if it is still under way: read again once its rows are locked, without waiting (as
    ``mentorship_silent_alert``); a pair busy now is asked on the next run, one closed since never."""
    if not mentorship_lock_now(mentorship=mentorship):
        return None
    mentorship = selectors.pairs_at_six_months(today=today).filter(pk=mentorship.pk).first()
    if mentorship is None:
        return None
    alert = alert_raise(
        association=mentorship.association,
        kind=AlertKind.SIX_MONTHS_REACHED,
        request=mentorship.request,
        mentorship=mentorship,
        mentor=mentorship.mentor,
        dedup_key=dedup_key,
    )
    if mentorship.referent:
        alert_email(alert=alert, users=[mentorship.referent])
    mentor, youth = mentorship.mentor.user, mentorship.request
    notifications.SixMonthsMentor.send(
        to=Recipient.for_user(mentor),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor,
            "youth": youth.first_name,
            "association": mentorship.association,
            "dashboard_url": absolute_url(reverse("matching:dashboard")),
        },
    )
    notifications.SixMonthsYouth.send(
        to=notifications.youth_recipient(youth),
        event_key=alert_event_key(alert, "youth"),
        context={"request": youth, "association": mentorship.association, "tracking_url": tracking_url(youth)},
    )
    return alert


def checks_expiring_alert(*, today: date | None = None, wet_run: bool = True) -> list[str]:
    """Mentors paired with a minor whose background check expires within 30 days: an alert and an e-mail to the
    mentor. Once per check (its key holds the check's date)."""
    today = today or local_today()
    return _each_once(
        list(selectors.checks_expiring(today=today)),
        key=lambda m: f"{AlertKind.CHECK_EXPIRING}:{m.pk}:{m.background_check_on.isoformat()}",
        describe=lambda m: f"mentor {m.pk} ({m.association.slug}): valid until {m.background_check_valid_until()}",
        act=lambda m, key: mentor_check_expiring_alert(mentor=m, dedup_key=key),
        wet_run=wet_run,
    )


@transaction.atomic
def mentor_check_expiring_alert(*, mentor: MentorProfile, dedup_key: str) -> Alert:
    alert = alert_raise(
        association=mentor.association, kind=AlertKind.CHECK_EXPIRING, mentor=mentor, dedup_key=dedup_key
    )
    notifications.CheckExpiring.send(
        to=Recipient.for_user(mentor.user),
        event_key=alert_event_key(alert, "mentor"),
        context={
            "mentor": mentor.user,
            "valid_until": mentor.background_check_valid_until(),
            "association": mentor.association,
        },
    )
    return alert


def coordinators_digest_send(*, now: datetime | None = None, wet_run: bool = True) -> int:
    """E-mail each staff member of each association the new requests, mentor applications and alerts of the last 24
    hours.
    One digest per person, association and day, whatever the number of runs. Returns how many were queued (or,
    with ``wet_run=False``, would be, sending nothing)."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    day = local_today(now).isoformat()
    new_requests = dict(
        YouthRequest.objects.filter(routed_at__gte=since, state=RequestState.ROUTED)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    new_mentors = dict(
        MentorProfile.objects.filter(submitted_at__gte=since, association__isnull=False)
        .values_list("association_id")
        .annotate(n=Count("pk"))
    )
    # One query, the silent pairs only, counted by association.
    silent = Counter(silent_mentorships(today=local_today(now)).values_list("association_id", flat=True))
    # The alerts raised since yesterday, by association and kind (urgent kinds first).
    new_alerts = {}
    alert_rows = (
        Alert.objects.filter(created_at__gte=since)
        .values_list("association_id", "kind")
        .annotate(n=Count("pk"))
        .order_by("association_id", "kind")
    )
    for association_id, kind, count in alert_rows:
        new_alerts.setdefault(association_id, []).append((AlertKind(kind).label, count))
    sent = 0
    associations = Association.objects.active().filter(
        Q(pk__in=new_requests) | Q(pk__in=new_mentors) | Q(pk__in=silent) | Q(pk__in=new_alerts)
    )
    for association in associations:
        memberships = StaffMembership.objects.filter(association=association).select_related("user")
        for membership in memberships:
            event_key = f"digest:{association.pk}:{membership.user_id}:{day}"
            recipient = Recipient.for_user(membership.user)
            if not wet_run:  # one a day, to whoever wants it, as below
                sent += notifications.CoordinatorDigest.is_wanted_by(recipient) and not (
                    notifications.CoordinatorDigest.already_sent(event_key=event_key)
                )
                continue
            queued = notifications.CoordinatorDigest.send(
                to=recipient,
                context={
                    "association": association,
                    "user": membership.user,
                    "new_requests": new_requests.get(association.pk, 0),
                    "new_mentors": new_mentors.get(association.pk, 0),
                    "silent_pairs": silent.get(association.pk, 0),
                    "silent_days": selectors.SILENT_AFTER_DAYS,
                    "new_alerts": new_alerts.get(association.pk, []),
                    "alerts_url": absolute_url(
                        reverse("matching:alert_queue", kwargs={"association": association.slug})
                    ),
                    "pairs_url": absolute_url(
                        reverse("matching:pair_list", kwargs={"association": association.slug}) + "?filtre=sans-seance"
                    ),
                    "queue_url": absolute_url(
                        reverse("matching:request_queue", kwargs={"association": association.slug})
                    ),
                    "mentor_queue_url": absolute_url(
                        reverse("matching:mentor_queue", kwargs={"association": association.slug})
                    ),
                    "preferences_url": links.email_preferences_url(),
                },
                event_key=event_key,
            )
            sent += queued is not None
    if wet_run:
        logger.info("digest.sent count=%s day=%s", sent, day)
    return sent


SESSION_REMINDER_FROM_DAY = 20  # the monthly reminder goes from the 20th on, to leave the month's start to the pairs


def session_reminders_send(*, today: date | None = None, wet_run: bool = True) -> int:
    """Remind each mentor who has not logged a session this month, once a month (from the 20th: beat runs it every
    day, so that a day missed is caught up). Non-essential: not sent to a mentor who turned reminders off. Returns how
    many were (or, with ``wet_run=False``, would be) queued; twice sends nothing twice."""
    today = today or local_today()
    if today.day < SESSION_REMINDER_FROM_DAY:
        return 0
    month = today.strftime("%Y-%m")
    sent = 0
    for mentor, count in selectors.mentors_to_remind(today=today).items():
        event_key = f"mentor:{mentor.pk}:session_reminder:{month}"
        recipient = Recipient.for_user(mentor.user)
        if not wet_run:
            sent += notifications.SessionReminder.is_wanted_by(recipient) and not (
                notifications.SessionReminder.already_sent(event_key=event_key)
            )
            continue
        queued = notifications.SessionReminder.send(
            to=recipient,
            context={
                "mentor": mentor,
                "count": count,
                "dashboard_url": links.dashboard_url(),
                "preferences_url": links.email_preferences_url(),
            },
            event_key=event_key,
        )
        sent += queued is not None
    if wet_run:
        logger.info("session_reminders.sent count=%s month=%s", sent, month)
    return sent
