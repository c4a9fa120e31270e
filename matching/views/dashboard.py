from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..enums import GoalStatus, MentorshipState, ProposalDeclineReason
from ..forms import SessionLogForm
from ..selectors import mentor_profile_for_user, mentorships_for_mentor, months_of


@login_required
@require_GET
def dashboard(request):
    """A signed-in person's space: a mentor sees their application; staff queues come with the associations."""
    mentor = mentor_profile_for_user(user=request.user)
    mentorships = list(mentorships_for_mentor(user=request.user)) if mentor else []
    for mentorship in mentorships:
        sessions = list(mentorship.sessions.all())
        mentorship.months = months_of(mentorship, sessions)
        mentorship.session_count = len(sessions)
        # A session is due this month when the mentorship runs and none is logged yet for the current month.
        mentorship.due = mentorship.state == MentorshipState.ACTIVE and not (
            mentorship.months and mentorship.months[-1][1]
        )
        mentorship.session_form = SessionLogForm(
            prefix=f"session-{mentorship.pk}", initial={"mode": mentorship.meeting_mode}
        )
    context = {
        "goal_statuses": GoalStatus.choices,
        "mentor": mentor,
        "mentorships": mentorships,
        "decline_reasons": ProposalDeclineReason.choices,
    }
    return render(request, "matching/dashboard.html", context)
