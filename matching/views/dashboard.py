from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..enums import ProposalDeclineReason
from ..selectors import mentor_profile_for_user, mentorships_for_mentor


@login_required
@require_GET
def dashboard(request):
    """A signed-in person's space: a mentor sees their application; staff queues come with the associations."""
    mentor = mentor_profile_for_user(user=request.user)
    context = {
        "mentor": mentor,
        "mentorships": list(mentorships_for_mentor(user=request.user)) if mentor else [],
        "decline_reasons": ProposalDeclineReason.choices,
    }
    return render(request, "matching/dashboard.html", context)
