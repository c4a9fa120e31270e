from django.urls import path

from . import views

app_name = "associations"

urlpatterns = [
    path("espace/<slug:association>/association/", views.association_settings, name="settings"),
    path("espace/<slug:association>/association/criteres/", views.association_weights, name="weights"),
    path("espace/<slug:association>/equipe/", views.association_team, name="team"),
    path("espace/<slug:association>/equipe/<int:pk>/retirer/", views.membership_delete, name="membership_delete"),
    path("espace/<slug:association>/journal-des-acces/", views.access_log, name="access_log"),
    path("espace/<slug:association>/association/api/", views.api_keys, name="api_keys"),
    path(
        "espace/<slug:association>/association/api/<int:pk>/revoquer/", views.api_key_revoke_view, name="api_key_revoke"
    ),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("communes/", views.communes, name="communes"),
]
