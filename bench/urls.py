"""The platform's URLs plus the baseline: a constant response through the same middleware stack."""

from django.http import HttpResponse
from django.urls import path

from mentoring.urls import urlpatterns as platform_urlpatterns


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline), *platform_urlpatterns]
