"""/api/v1/: the association API's routes, its OpenAPI schema and its documentation page (served locally)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .follow_up import MentorshipViewSet
from .review import RequestViewSet
from .vetting import MentorViewSet

app_name = "api"

router = SimpleRouter()
router.register("requests", RequestViewSet, basename="request")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("mentorships", MentorshipViewSet, basename="mentorship")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar (static files of our own, no CDN), its script in a file of its own
    (the Content Security Policy allows no inline script); the template drops the stock inline style."""

    template_name = "api/docs.html"
    url_name = "api:schema"


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    *router.urls,
]
