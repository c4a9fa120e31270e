"""Reads for an association's dashboard and its CSV exports, scoped to the association.

Each chart is one database aggregate (one query, whatever the number of rows) that gives its figures, and a function
that draws the chart from them: ``association_figures`` runs the queries of ``ASSOCIATION_CHARTS`` in order (and
keeps their plain numbers in the cache for a few minutes), ``association_charts`` draws the charts in the current
language, so a new chart is one more pair in that list. Exports are
querysets of plain values, read in chunks by the streaming view; ``EXPORTS`` lists them by their URL name.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..charts import (
    Chart,
    Figures,
    Series,
    figures_cached,
    local_midnight,
    median_delay_days,
    month_label,
    month_starts,
    per_month,
)
from ..enums import (
    OUTCOMES_BY_AXIS,
    QUEUE_REQUEST_STATES,
    Axis,
    CheckInRespondent,
    EndReason,
    GoalsProgress,
    MeetingFrequency,
    MeetingMode,
    MentorshipState,
    MentorState,
    MentorType,
    Need,
    Outcome,
    RequestState,
    Situation,
)
from ..models import CheckIn, MentorProfile, Mentorship, RequestTransition, SessionLog, YouthRequest, last_contact
from .follow_up import SILENT_AFTER_DAYS

# A pair under way with no session for this long is silent on the dashboard.
# Waiting times of open requests, in days since they reached the association: (label, from, to) with ``to`` excluded.
WAITING_BUCKETS = [
    (_("moins de 7 jours"), 0, 7),
    (_("7 à 14 jours"), 7, 15),
    (_("15 à 30 jours"), 15, 31),
    (_("plus de 30 jours"), 31, None),
]


def requests_by_state_figures(*, association: Association, today: date) -> dict[str, int]:
    return dict(
        YouthRequest.objects.filter(association=association)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )


def requests_by_state(*, figures: dict[str, int], today: date) -> Chart:
    states = [state for state in RequestState if state in figures]
    return Chart(
        key="requests-by-state",
        title=_("Demandes par statut"),
        kind="bar",
        horizontal=True,
        labels=[state.label for state in states],
        label_header=_("Statut"),
        series=[Series(_("Demandes"), [figures[state] for state in states])],
    )


def waiting_time_figures(*, association: Association, today: date) -> dict[str, int]:
    """Open requests by how long they have been with the association: those to review, those accepted and waiting
    for a mentor."""
    now = timezone.now()
    groups = {"review": Q(state__in=QUEUE_REQUEST_STATES), "accepted": Q(state=RequestState.ACCEPTED)}
    aggregates = {}
    for group, condition in groups.items():
        for index, (_label, start, end) in enumerate(WAITING_BUCKETS):
            window = Q(routed_at__lte=now - timedelta(days=start))
            if end is not None:
                window &= Q(routed_at__gt=now - timedelta(days=end))
            aggregates[f"{group}_{index}"] = Count("pk", filter=condition & window)
    # Only the open states are read (from the queue's index), not every request the association ever had.
    open_states = [*QUEUE_REQUEST_STATES, RequestState.ACCEPTED]
    return YouthRequest.objects.filter(
        association=association, state__in=open_states, routed_at__isnull=False
    ).aggregate(**aggregates)


def waiting_time(*, figures: dict[str, int], today: date) -> Chart:
    return Chart(
        key="waiting-time",
        title=_("Attente des demandes ouvertes"),
        kind="bar",
        stacked=True,
        labels=[label for label, _start, _end in WAITING_BUCKETS],
        label_header=_("Depuis l'arrivée à l'association"),
        series=[
            Series(_("À examiner"), [figures[f"review_{i}"] for i in range(len(WAITING_BUCKETS))]),
            Series(
                _("Acceptées, en attente d'un mentor"), [figures[f"accepted_{i}"] for i in range(len(WAITING_BUCKETS))]
            ),
        ],
    )


def intake_per_month_figures(*, association: Association, today: date) -> list[int]:
    months = month_starts(today)
    routed = YouthRequest.objects.filter(association=association, routed_at__gte=local_midnight(months[0]))
    return per_month(routed, "routed_at", months)


def intake_per_month(*, figures: list[int], today: date) -> Chart:
    months = month_starts(today)
    return Chart(
        key="intake",
        title=_("Demandes reçues par mois"),
        kind="bar",
        labels=[month_label(month) for month in months],
        label_header=_("Mois"),
        series=[Series(_("Demandes reçues"), figures)],
    )


def median_delays_figures(*, association: Association, today: date) -> list[float | None]:
    """Median days from a request's arrival at the association to its first contact, and from the youth's request to
    the start of their mentorship, over the transitions of the last twelve months (two queries)."""
    since = local_midnight(month_starts(today)[0])
    transitions = RequestTransition.objects.filter(
        association=association, request__association=association, created_at__gte=since
    )
    first_contact = transitions.filter(from_state=RequestState.IN_REVIEW, to_state=RequestState.CONTACTED).annotate(
        delay=ExpressionWrapper(F("created_at") - F("request__routed_at"), output_field=DurationField())
    )
    to_mentor = transitions.filter(from_state=RequestState.ACCEPTED, to_state=RequestState.MATCHED).annotate(
        delay=ExpressionWrapper(F("created_at") - F("request__submitted_at"), output_field=DurationField())
    )
    return [median_delay_days(first_contact), median_delay_days(to_mentor)]


def median_delays(*, figures: list[float | None], today: date) -> Chart:
    return Chart(
        key="median-delays",
        title=_("Délais médians (12 derniers mois)"),
        kind="bar",
        horizontal=True,
        unit=_("jours"),
        labels=[_("Jusqu'au premier contact"), _("Jusqu'au début du mentorat")],
        label_header=_("Délai"),
        series=[Series(_("Jours (médiane)"), figures)],
        note=_(
            "Premier contact : depuis l'arrivée de la demande à l'association. Début du mentorat : depuis l'envoi "
            "de la demande par le jeune."
        ),
    )


def mentors_by_step_figures(*, association: Association, today: date) -> dict[str, int]:
    return dict(
        MentorProfile.objects.filter(association=association)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )


def mentors_by_step(*, figures: dict[str, int], today: date) -> Chart:
    return Chart(
        key="mentors-by-step",
        title=_("Mentors par étape"),
        kind="bar",
        horizontal=True,
        labels=[state.label for state in MentorState],
        label_header=_("Étape"),
        series=[Series(_("Mentors"), [figures.get(state, 0) for state in MentorState])],
    )


def pairs_figures(*, association: Association, today: date) -> dict[str, int]:
    """Pairs by where they stand; silent ones are active pairs without a session (or a start) for more than
    SILENT_AFTER_DAYS."""
    cutoff = today - timedelta(days=SILENT_AFTER_DAYS)
    active = Q(state=MentorshipState.ACTIVE)
    return (
        Mentorship.objects.filter(association=association)
        .annotate(last_contact=last_contact())
        .aggregate(
            proposed=Count("pk", filter=Q(state__in=[MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED])),
            active=Count("pk", filter=active),
            silent=Count("pk", filter=active & Q(last_contact__lt=cutoff)),
            paused=Count("pk", filter=Q(state=MentorshipState.PAUSED)),
        )
    )


def pairs(*, figures: dict[str, int], today: date) -> Chart:
    return Chart(
        key="pairs",
        title=_("Binômes"),
        kind="bar",
        labels=[
            _("Proposés"),
            _("Actifs"),
            _("dont silencieux (plus de %(days)s jours)") % {"days": SILENT_AFTER_DAYS},
            _("En pause"),
        ],
        label_header=_("Binômes"),
        series=[Series(_("Binômes"), [figures["proposed"], figures["active"], figures["silent"], figures["paused"]])],
        extra={"active": figures["active"], "silent": figures["silent"]},
    )


def sessions_per_month_figures(*, association: Association, today: date) -> list[int]:
    months = month_starts(today)
    sessions = SessionLog.objects.filter(mentorship__association=association, held_on__gte=months[0])
    return per_month(sessions, "held_on", months)


def sessions_per_month(*, figures: list[int], today: date) -> Chart:
    months = month_starts(today)
    return Chart(
        key="sessions",
        title=_("Séances par mois"),
        kind="bar",
        labels=[month_label(month) for month in months],
        label_header=_("Mois"),
        series=[Series(_("Séances"), figures)],
    )


def outcomes_by_axis_figures(*, association: Association, today: date) -> dict[tuple[str, str], int]:
    """What completed mentorships led to, by the youth's axis (every completion so far)."""
    return {
        (axis, outcome): n
        for axis, outcome, n in Mentorship.objects.filter(association=association, state=MentorshipState.COMPLETED)
        .order_by()
        # The request's axis, or the one kept once the request was erased or the mentorship anonymised.
        .annotate(youth_axis=Coalesce("request__axis", NullIf("axis", Value(""))))
        .values("youth_axis", "outcome")
        .annotate(n=Count("pk"))
        .values_list("youth_axis", "outcome", "n")
    }


def outcomes_by_axis(*, figures: dict[tuple[str, str], int], today: date) -> Chart:
    outcomes = [outcome for outcome in Outcome if outcome != Outcome.NONE] + [Outcome.NONE]
    return Chart(
        key="outcomes",
        title=_("Résultats des accompagnements terminés, par axe"),
        kind="bar",
        stacked=True,
        horizontal=True,
        labels=[outcome.label for outcome in outcomes],
        label_header=_("Résultat"),
        series=[
            Series(axis.label, [figures.get((axis.value, outcome.value), 0) for outcome in outcomes])
            for axis in Axis
            if axis.value in OUTCOMES_BY_AXIS
        ],
    )


SATISFACTION_SCORES = range(1, 6)


def checkin_satisfaction_figures(*, association: Association, today: date) -> dict[str, int | float | None]:
    """The satisfaction scores (1 to 5) of the check-ins answered in the last twelve months, the youths' and the
    mentors' side by side, with each side's average (one query)."""
    since = local_midnight(month_starts(today)[0])
    aggregates = {}
    for respondent in CheckInRespondent:
        side = Q(respondent=respondent)
        aggregates[f"{respondent}_average"] = Avg("satisfaction", filter=side)
        for score in SATISFACTION_SCORES:
            aggregates[f"{respondent}_{score}"] = Count("pk", filter=side & Q(satisfaction=score))
    figures = CheckIn.objects.filter(
        mentorship__association=association, answered_at__gte=since, satisfaction__isnull=False
    ).aggregate(**aggregates)
    for respondent in CheckInRespondent:
        average = figures[f"{respondent}_average"]  # a Decimal on PostgreSQL, a float on SQLite
        figures[f"{respondent}_average"] = None if average is None else round(float(average), 1)
    return figures


def checkin_satisfaction(*, figures: dict[str, int | float | None], today: date) -> Chart:
    averages = {respondent.value: figures[f"{respondent}_average"] for respondent in CheckInRespondent}

    def shown(average):
        return "—" if average is None else f"{number_format(average, decimal_pos=1)} / 5"

    return Chart(
        key="checkin-satisfaction",
        title=_("Satisfaction aux points d'étape (12 derniers mois)"),
        kind="bar",
        labels=[str(score) for score in SATISFACTION_SCORES],
        label_header=_("Note (1 à 5)"),
        series=[
            Series(label, [figures[f"{respondent}_{score}"] for score in SATISFACTION_SCORES])
            for respondent, label in [
                (CheckInRespondent.YOUTH, _("Réponses des jeunes")),
                (CheckInRespondent.MENTOR, _("Réponses des mentors")),
            ]
        ],
        note=_("Moyenne : %(youth)s pour les jeunes, %(mentor)s pour les mentors.")
        % {"youth": shown(averages[CheckInRespondent.YOUTH]), "mentor": shown(averages[CheckInRespondent.MENTOR])},
        extra={"averages": averages},
    )


# The association dashboard, in page order: (figures from the database, the chart they make).
ASSOCIATION_CHARTS: list[tuple[Callable[..., object], Callable[..., Chart]]] = [
    (requests_by_state_figures, requests_by_state),
    (waiting_time_figures, waiting_time),
    (intake_per_month_figures, intake_per_month),
    (median_delays_figures, median_delays),
    (mentors_by_step_figures, mentors_by_step),
    (pairs_figures, pairs),
    (sessions_per_month_figures, sessions_per_month),
    (outcomes_by_axis_figures, outcomes_by_axis),
    (checkin_satisfaction_figures, checkin_satisfaction),
]


def association_figures(*, association: Association, today: date, refresh: bool = False) -> Figures:
    """Every chart's figures (plain numbers, no words: the same for every language), kept in the cache for
    ``DASHBOARD_CACHE_SECONDS`` per association and day (computed anew with ``refresh``)."""

    def compute() -> list:
        return [query(association=association, today=today) for query, _chart in ASSOCIATION_CHARTS]

    return figures_cached(f"association:{association.pk}:{today.isoformat()}", compute, refresh=refresh)


def association_charts(*, figures: Figures, today: date) -> list[Chart]:
    """The dashboard's charts, drawn from ``association_figures`` in the current language."""
    drawn = zip(ASSOCIATION_CHARTS, figures.values, strict=True)
    return [chart(figures=values, today=today) for (_query, chart), values in drawn]


# --- CSV exports -----------------------------------------------------------------------------------------------


@dataclass
class Export:
    """One CSV export: its title, column headers, and the rows of an association (plain values, in chunks)."""

    title: str
    headers: list[str]
    rows: Callable[..., Iterator[tuple]]
    labels: dict = field(default_factory=dict)  # column index -> the choices whose labels it shows


CHUNK_SIZE = 2000
REQUEST_COLUMNS = (
    "pk", "state", "submitted_at", "routed_at", "first_name", "last_name", "email", "phone", "birth_date",
    "postal_code", "commune", "department", "situation", "axis", "need", "closed_at",
)  # fmt: skip
MENTOR_COLUMNS = (
    "pk", "state", "submitted_at", "user__first_name", "user__last_name", "user__email", "mentor_type", "department",
    "axes", "accepts_minors", "capacity", "open_mentorships", "background_check_on", "trained_on",
)  # fmt: skip
MENTORSHIP_COLUMNS = (
    "pk", "request_id", "request__first_name", "mentor_id", "mentor__user__first_name", "mentor__user__last_name",
    "state", "created_at", "started_on", "planned_end_on", "ended_at", "outcome", "end_reason",
)  # fmt: skip
SESSION_COLUMNS = ("pk", "mentorship_id", "held_on", "duration_hours", "mode", "topics")
# The answers only: the flag and anything about concerns stay out (concerns are read through their alert).
CHECK_IN_COLUMNS = (
    "pk", "mentorship_id", "respondent", "month", "asked_at", "answered_at", "satisfaction", "meeting_frequency",
    "goals_progress", "wants_contact", "comment",
)  # fmt: skip


def request_rows(*, association: Association) -> Iterator[tuple]:
    queryset = YouthRequest.objects.filter(association=association).order_by("pk")
    return queryset.values_list(*REQUEST_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def mentor_rows(*, association: Association) -> Iterator[tuple]:
    queryset = MentorProfile.objects.filter(association=association).order_by("pk")
    return queryset.values_list(*MENTOR_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def mentorship_rows(*, association: Association) -> Iterator[tuple]:
    queryset = Mentorship.objects.filter(association=association).order_by("pk")
    return queryset.values_list(*MENTORSHIP_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def session_rows(*, association: Association) -> Iterator[tuple]:
    queryset = SessionLog.objects.filter(mentorship__association=association).order_by("pk")
    return queryset.values_list(*SESSION_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def check_in_rows(*, association: Association) -> Iterator[tuple]:
    """The answered check-ins of the association's pairs."""
    queryset = CheckIn.objects.filter(mentorship__association=association, answered_at__isnull=False).order_by("pk")
    return queryset.values_list(*CHECK_IN_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


# URL name -> export.
EXPORTS = {
    "demandes": Export(
        title=_("Demandes"),
        headers=[
            _("Référence"), _("Statut"), _("Envoyée le"), _("Confiée le"), _("Prénom"), _("Nom"), _("E-mail"),
            _("Téléphone"), _("Date de naissance"), _("Code postal"), _("Commune"), _("Département"),
            _("Situation"), _("Axe"), _("Besoin"), _("Clôturée le"),
        ],
        rows=request_rows,
        labels={1: RequestState, 12: Situation, 13: Axis, 14: Need},
    ),
    "mentors": Export(
        title=_("Mentors"),
        headers=[
            _("Référence"), _("Statut"), _("Candidature envoyée le"), _("Prénom"), _("Nom"), _("E-mail"),
            _("Profil"), _("Département"), _("Axes"), _("Accepte des mineurs"), _("Places"), _("Mentorats en cours"),
            _("Attestation vérifiée le"), _("Formé le"),
        ],
        rows=mentor_rows,
        labels={1: MentorState, 6: MentorType, 8: Axis},
    ),
    "binomes": Export(
        title=_("Binômes"),
        headers=[
            _("Référence"), _("Demande"), _("Prénom du jeune"), _("Mentor (référence)"), _("Prénom du mentor"),
            _("Nom du mentor"), _("Statut"), _("Proposé le"), _("Début"), _("Fin prévue"), _("Terminé le"),
            _("Résultat"), _("Motif de l'arrêt"),
        ],
        rows=mentorship_rows,
        labels={6: MentorshipState, 11: Outcome, 12: EndReason},
    ),
    "seances": Export(
        title=_("Séances"),
        headers=[_("Référence"), _("Binôme"), _("Date"), _("Durée (heures)"), _("Mode"), _("Sujets abordés")],
        rows=session_rows,
        labels={4: MeetingMode},
    ),
    "points-etape": Export(
        title=_("Points d'étape"),
        headers=[
            _("Référence"), _("Binôme"), _("Qui répond"), _("Mois"), _("Demandé le"), _("Répondu le"),
            _("Satisfaction (1 à 5)"), _("Fréquence des rencontres"), _("Progrès sur les objectifs"),
            _("Souhaite être contacté par l'association"), _("Commentaire"),
        ],
        rows=check_in_rows,
        labels={2: CheckInRespondent, 7: MeetingFrequency, 8: GoalsProgress},
    ),
}  # fmt: skip
