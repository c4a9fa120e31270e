from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from matching.views import pages

handler500 = "mentoring.database.server_error"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("matching.urls")),
    path("", include("associations.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
