from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "matching/home.html")


@require_GET
def privacy(request):
    """What is collected, why, on which legal basis, who sees it, how long it is kept, how to exercise one's rights."""
    return render(request, "matching/privacy.html", {"contact": settings.PRIVACY_CONTACT_EMAIL})


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and docker-compose healthchecks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
