"""The demo's follow-up queue (manage.py seed_demo): the morning jobs run over the story's back-dated data, youths
and mentors write to their association, and each association's coordinators have claimed and resolved a few alerts.
Every alert of every kind comes from the platform's services; a kind the story's data did not give is raised on the
first pair that fits, the way its job or check-in would."""

import random
from datetime import timedelta

from accounts.models import User
from associations.models import Association
from matching.dates import ADULT_AGE, local_today, years_before
from matching.enums import AlertKind, ConcernKind, MentorshipState
from matching.models import BACKGROUND_CHECK_VALIDITY, Alert, Concern, MentorProfile, Mentorship
from matching.selectors.follow_up import CHECK_EXPIRING_WITHIN
from matching.services.follow_up_alerts import (
    alert_claim,
    alert_note_add,
    alert_raise,
    alert_resolve,
    concern_raise,
    concern_report,
)
from matching.services.follow_up_jobs import (
    checks_expiring_alert,
    pairs_six_months_ask,
    requests_untouched_remind,
    silent_pairs_alert,
)
from matching.services.pairing_pool import mentor_pool_touch

JOBS = [silent_pairs_alert, requests_untouched_remind, pairs_six_months_ask, checks_expiring_alert]
YOUTH_CONCERNS = [
    "Mon mentor annule souvent au dernier moment et je n'ose pas lui dire que ça me pèse.",
    "Je ne me sens pas à l'aise pendant nos rendez-vous, j'aimerais en parler à quelqu'un de l'association.",
]
MENTOR_QUESTIONS = [
    "Comment aborder la question de l'orientation sans trop orienter moi-même ?",
    "Pouvons-nous nous voir dans les locaux de l'association le mois prochain ?",
]
MENTOR_CONCERNS = ["Le jeune m'a confié des difficultés à la maison ; je préfère que l'association soit au courant."]


def alerts_seed(*, associations: list[Association], staff: dict[int, list[User]]) -> int:
    """Raise the demo's alerts (once: nothing if they were raised already; the check-ins' alerts come with the
    mentorships, before). Returns how many it raised."""
    if Concern.objects.exists():
        return 0
    before = Alert.objects.count()
    rng = random.Random("alerts")
    for job in JOBS:
        job()
    today = local_today()
    for association in associations:
        pairs = list(
            Mentorship.objects.filter(association=association, state=MentorshipState.ACTIVE)
            .select_related("request", "mentor__user")
            .order_by("pk")
        )
        if not pairs:
            continue
        concern_report(request=pairs[0].request, text=rng.choice(YOUTH_CONCERNS))
        concern_raise(
            by=pairs[-1].mentor.user, kind=ConcernKind.QUESTION, text=rng.choice(MENTOR_QUESTIONS), mentorship=pairs[-1]
        )
        concern_raise(by=pairs[len(pairs) // 2].mentor.user, kind=ConcernKind.CONCERN, text=MENTOR_CONCERNS[0])
        for kind, pair, detail in [
            (AlertKind.LOW_CHECKIN, pairs[1 % len(pairs)], "Point d'étape à 3 mois : satisfaction 2/5."),
            (AlertKind.CONTACT_WANTED, pairs[2 % len(pairs)], "Point d'étape à 1 mois : souhaite être contacté."),
        ]:
            alert_raise(
                association=association,
                kind=kind,
                request=pair.request,
                mentorship=pair,
                mentor=pair.mentor,
                detail=detail,
                dedup_key=f"demo:{kind}:{pair.pk}",
            )
        _expiring_check(pairs, today)
    for job in JOBS:  # again, over the data _expiring_check moved
        job()
    for association in associations:
        _work_on(association, staff[association.pk])
    return Alert.objects.count() - before


def _expiring_check(pairs: list[Mentorship], today) -> None:
    """The first mentor of these pairs who accompanies a minor had their check declared nearly six months ago."""
    adult_born_by = years_before(today, ADULT_AGE)
    for pair in pairs:
        if pair.request.birth_date > adult_born_by and pair.mentor.background_check_ok:
            checked_on = today + CHECK_EXPIRING_WITHIN - timedelta(days=10) - BACKGROUND_CHECK_VALIDITY
            MentorProfile.objects.filter(pk=pair.mentor.pk).update(background_check_on=checked_on)
            mentor_pool_touch(association_ids=[pair.mentor.association_id])
            return


def _work_on(association: Association, staff: list[User]) -> None:
    """A coordinator has claimed the oldest open alert, noted a call on it, and resolved the next one."""
    alerts = list(Alert.objects.filter(association=association).order_by("created_at", "pk")[:2])
    coordinator = staff[-1]
    if alerts:
        alert_claim(alert=alerts[0], by=coordinator)
        alert_note_add(alert=alerts[0], by=coordinator, text="Appel prévu demain matin.")
    if len(alerts) > 1:
        alert_resolve(alert=alerts[1], by=coordinator, note="Fait le point au téléphone : tout va bien.")
