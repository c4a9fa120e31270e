from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors import mentor_profile_for_user


@login_required
@require_GET
def dashboard(request):
    """A signed-in person's space: a mentor sees their application; staff queues come with the associations."""
    return render(request, "matching/dashboard.html", {"mentor": mentor_profile_for_user(user=request.user)})
