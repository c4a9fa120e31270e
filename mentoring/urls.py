from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from matching.views import pages

# One login page for everyone, with allauth's rate limits and two-factor step: the admin's sends to allauth's.
admin.site.login = secure_admin_login(admin.site.login)
handler500 = "mentoring.database.server_error"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("confidentialite/", pages.privacy, name="privacy"),
    path("", include("accounts.urls")),
    path("", include("matching.urls")),
    path("", include("associations.urls")),
    path("comptes/", include("allauth.urls")),
    path("api/v1/", include("matching.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
