"""The association's pairs under way: who meets, who has gone silent, who ends soon."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from associations.decorators import staff_required

from .. import selectors


@staff_required
@require_GET
def pair_list(request):
    overdue = request.GET.get("filtre") == "sans-seance"
    ending_soon = request.GET.get("filtre") == "fin-proche"
    queryset = selectors.mentorships_for_association(
        association=request.association, overdue=overdue, ending_soon=ending_soon
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for mentorship in page:
        mentorship.silent = selectors.is_silent(mentorship, today)
        mentorship.ending = bool(
            mentorship.planned_end_on and mentorship.planned_end_on <= today + selectors.ENDING_WITHIN
        )
    context = {"page": page, "filter": request.GET.get("filtre", ""), "query": ""}
    return render(request, "matching/staff/pair_list.html", context)
