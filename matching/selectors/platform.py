"""Reads for the platform administrators: every association's numbers, what waits unrouted, and the dashboard's
figures (associations side by side, the coverage map, the programme against its monthly targets)."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from associations.geography import DEPARTMENTS, department_map
from associations.models import Association, StaffMembership

from ..charts import Chart, Figures, Series, figures_cached, local_midnight, month_label, month_starts, per_month
from ..enums import (
    LOAD_MENTOR_STATES,
    LOAD_REQUEST_STATES,
    QUEUE_MENTOR_STATES,
    UNDER_WAY_MENTORSHIP_STATES,
    Axis,
    MentorshipState,
    MentorState,
    RequestState,
)
from ..models import MentorProfile, Mentorship, MonthlyTarget, YouthRequest


def unrouted_requests() -> QuerySet[YouthRequest]:
    return YouthRequest.objects.filter(state=RequestState.UNROUTED).order_by("submitted_at", "pk")


def unrouted_mentors() -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.filter(association__isnull=True)
        .exclude(state=MentorState.REJECTED)
        .select_related("user")
        .order_by("submitted_at", "pk")
    )


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of ``queryset`` belong to the association of the outer query: a correlated count, so that each
    number is counted on its own (joins of requests, mentors and staff would multiply each other's rows)."""
    # COUNT(*), not COUNT(id): the count is then read from an index on (association, state) alone.
    counted = queryset.filter(association=OuterRef("pk")).order_by().values("association").annotate(n=Count("*"))
    return Coalesce(Subquery(counted.values("n")), 0)


def associations_overview() -> QuerySet[Association]:
    """Every association with its numbers: open requests against capacity, mentors by stage."""
    return Association.objects.annotate(
        open_requests=_count(YouthRequest.objects.filter(state__in=LOAD_REQUEST_STATES)),
        accepted_requests=_count(YouthRequest.objects.filter(state=RequestState.ACCEPTED)),
        mentors_following=_count(MentorProfile.objects.filter(state__in=LOAD_MENTOR_STATES)),
        active_mentors=_count(MentorProfile.objects.filter(state=MentorState.ACTIVE)),
        staff=_count(StaffMembership.objects.all()),
    ).order_by(F("is_active").desc(), "name")


# --- The platform dashboard ---------------------------------------------------------------------------------------


SIDE_BY_SIDE_FIGURES = [
    "open_requests", "waiting_for_mentor", "intake", "active_mentors", "mentors_in_vetting", "active_pairs",
    "completed",
]  # fmt: skip


def side_by_side_figures(*, today: date) -> dict[int, dict[str, int]]:
    """Each association's figures (requests open and received in twelve months, mentors, pairs), by its id, in three
    queries whatever the data size."""
    since = local_midnight(month_starts(today)[0])
    figures = defaultdict(dict)
    grouped = [
        YouthRequest.objects.filter(association__isnull=False)
        .order_by()
        .values("association")
        .annotate(
            open_requests=Count("pk", filter=Q(state__in=LOAD_REQUEST_STATES)),
            waiting_for_mentor=Count("pk", filter=Q(state=RequestState.ACCEPTED)),
            intake=Count("pk", filter=Q(routed_at__gte=since)),
        ),
        MentorProfile.objects.filter(association__isnull=False)
        .order_by()
        .values("association")
        .annotate(
            active_mentors=Count("pk", filter=Q(state=MentorState.ACTIVE)),
            mentors_in_vetting=Count("pk", filter=Q(state__in=QUEUE_MENTOR_STATES)),
        ),
        Mentorship.objects.order_by()
        .values("association")
        .annotate(
            active_pairs=Count("pk", filter=Q(state__in=UNDER_WAY_MENTORSHIP_STATES)),
            completed=Count("pk", filter=Q(state=MentorshipState.COMPLETED)),
        ),
    ]
    for rows in grouped:
        for row in rows:
            figures[row.pop("association")].update(row)
    return dict(figures)


def associations_side_by_side(*, figures: Figures) -> tuple[list[Association], Chart]:
    """Every association with its figures (from ``platform_figures``), and the chart comparing them."""
    associations = list(Association.objects.order_by(F("is_active").desc(), "name"))
    counted = figures.values["side_by_side"]
    for association in associations:
        own = counted.get(association.pk, {})
        association.figures = {name: own.get(name, 0) for name in SIDE_BY_SIDE_FIGURES}
    shown = [association for association in associations if association.is_active]
    chart = Chart(
        key="associations",
        title=_("Les associations côte à côte"),
        kind="bar",
        labels=[association.name for association in shown],
        label_header=_("Association"),
        series=[
            Series(_("Demandes ouvertes"), [a.figures["open_requests"] for a in shown]),
            Series(_("Mentors actifs"), [a.figures["active_mentors"] for a in shown]),
            Series(_("Binômes en cours"), [a.figures["active_pairs"] for a in shown]),
        ],
    )
    return associations, chart


def unrouted_figures() -> dict:
    """What waits for an association: requests (in all, and by department) and mentors' applications (three
    queries)."""
    return {
        "requests": unrouted_requests().count(),
        "mentors": unrouted_mentors().count(),
        "by_department": dict(
            unrouted_requests().order_by().values("department").annotate(n=Count("pk")).values_list("department", "n")
        ),
    }


def coverage_by_department(*, associations: list[Association], figures: Figures) -> list[dict]:
    """For each department, the active associations that cover it on the spot, by axis, and the requests waiting
    there unrouted (from ``platform_figures``). Remote and national associations are left out: they cover no
    department on the spot. ``status`` says which axes no association covers: "covered", "no_education",
    "no_employment" or "none"."""
    unrouted = figures.values["unrouted"]["by_department"]
    covering = defaultdict(lambda: defaultdict(list))
    for association in associations:
        if association.is_active and not association.remote_national:
            for department in association.departments:
                for axis in association.axes:
                    covering[department][axis].append(association.name)
    shapes = {shape.code: shape.path for shape in department_map().shapes}
    rows = []
    for code, name in DEPARTMENTS.items():
        education, employment = covering[code][Axis.EDUCATION], covering[code][Axis.EMPLOYMENT]
        status = {
            (True, True): "covered",
            (False, True): "no_education",
            (True, False): "no_employment",
            (False, False): "none",
        }[(bool(education), bool(employment))]
        rows.append(
            {
                "code": code, "name": name, "path": shapes.get(code, ""), "status": status,
                "education": education, "employment": employment, "unrouted": unrouted.get(code, 0),
            }
        )  # fmt: skip
    return rows


COVERAGE_LEGEND = [
    ("covered", _("Les deux axes couverts")),
    ("no_education", _("Aucune association pour l'éducation")),
    ("no_employment", _("Aucune association pour l'emploi")),
    ("none", _("Aucune association")),
]


def target_of_month(targets: list[MonthlyTarget], month: date) -> MonthlyTarget | None:
    """The target in force in ``month``: the latest one set from that month or before (``targets`` in order)."""
    in_force = None
    for target in targets:
        if target.starts_on <= month:
            in_force = target
    return in_force


def programme_figures(*, today: date) -> dict[str, list[int]]:
    """Requests received, pairs started and mentorships completed per month over twelve months, across the platform
    (three queries)."""
    months = month_starts(today)
    since = local_midnight(months[0])
    return {
        "intake": per_month(YouthRequest.objects.filter(submitted_at__gte=since), "submitted_at", months),
        "matches": per_month(Mentorship.objects.filter(started_on__gte=months[0]), "started_on", months),
        "completions": per_month(
            Mentorship.objects.filter(state=MentorshipState.COMPLETED, ended_at__gte=since), "ended_at", months
        ),
    }


def programme_charts(*, figures: Figures, today: date) -> list[Chart]:
    """The programme month by month (from ``platform_figures``), each against the administrators' monthly target, read
    as it is now (one query)."""
    months = month_starts(today)
    targets = list(MonthlyTarget.objects.order_by("starts_on"))
    in_force = [target_of_month(targets, month) for month in months]
    values = figures.values["programme"]
    titles = [
        ("intake", _("Demandes reçues par mois"), _("Demandes reçues")),
        ("matches", _("Binômes formés par mois"), _("Binômes formés")),
        ("completions", _("Accompagnements menés à terme par mois"), _("Menés à terme")),
    ]
    return [
        Chart(
            key=f"programme-{name}",
            title=title,
            kind="bar",
            labels=[month_label(month) for month in months],
            label_header=_("Mois"),
            series=[
                Series(label, values[name]),
                Series(
                    _("Objectif du mois"),
                    [getattr(target, name) if target else None for target in in_force],
                    kind="line",
                ),
            ],
        )
        for name, title, label in titles
    ]


def platform_figures(*, today: date, refresh: bool = False) -> Figures:
    """The platform dashboard's figures over the whole platform's data (nine queries), kept in the cache for
    ``DASHBOARD_CACHE_SECONDS`` per day (computed anew with ``refresh``); the associations, their territories and the
    targets are read as they are at each visit (the unrouted queue's own page counts live too)."""

    def compute() -> dict:
        return {
            "side_by_side": side_by_side_figures(today=today),
            "unrouted": unrouted_figures(),
            "programme": programme_figures(today=today),
        }

    return figures_cached(f"platform:{today.isoformat()}", compute, refresh=refresh)
