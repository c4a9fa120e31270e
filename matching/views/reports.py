"""An association's dashboard (its charts, each with its data table) and its CSV exports, streamed."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from associations.decorators import staff_required
from associations.enums import AccessAction, AccessSubject
from associations.services import access_record
from mentoring.spreadsheets import csv_stream

from ..dates import local_today
from ..selectors import reports as selectors


@staff_required
@require_GET
def association_dashboard(request):
    today = local_today()
    figures = selectors.association_figures(association=request.association, today=today)
    context = {
        "charts": selectors.association_charts(figures=figures, today=today),
        "figures": figures,
        "exports": selectors.EXPORTS,
    }
    return render(request, "matching/reports/association_dashboard.html", context)


def cell(value) -> str:
    """One value as a spreadsheet shows it: local dates and times, yes/no, decimals as the language writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number_format(value.normalize())  # 1,5 in French, as French spreadsheets read it
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def column_format(choices=None):
    """How a column's values become text: ``cell``, or the labels of ``choices`` (translated once per export, not
    once per row)."""
    if choices is None:
        return cell
    labels = {value: str(label) for value, label in choices.choices}

    def label(value) -> str:
        if isinstance(value, list):
            return ", ".join(labels.get(item, item) for item in value)
        return labels.get(value, value or "")

    return label


# Each export, as the access log names it: the whole list, no one person.
EXPORT_SUBJECTS = {
    "demandes": AccessSubject.ALL_REQUESTS,
    "mentors": AccessSubject.ALL_MENTORS,
    "binomes": AccessSubject.ALL_MENTORSHIPS,
    "seances": AccessSubject.ALL_SESSIONS,
    "points-etape": AccessSubject.ALL_CHECK_INS,
}


@staff_required
@require_GET
def association_export(request, kind):
    """One export of the association's data as CSV, streamed as it is read (flat memory for any size)."""
    export = selectors.EXPORTS.get(kind)
    if export is None:
        raise Http404("no such export")
    access_record(
        user=request.user,
        action=AccessAction.CSV,
        subject=EXPORT_SUBJECTS[kind],
        subject_id=None,
        association=request.association,
    )
    formats = [column_format(export.labels.get(index)) for index in range(len(export.headers))]
    rows = (
        [format_(value) for format_, value in zip(formats, row, strict=True)]
        for row in export.rows(association=request.association)
    )
    filename = f"{kind}-{request.association.slug}-{local_today():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_stream([str(header) for header in export.headers], rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
