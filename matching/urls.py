from django.urls import path

from .views import dashboard, intake

app_name = "matching"

urlpatterns = [
    path("trouver-un-mentor/", intake.youth_request_create, name="youth_request_create"),
    path("trouver-un-mentor/envoyee/", intake.youth_request_sent, name="youth_request_sent"),
    path("suivi/<str:token>/", intake.tracking, name="tracking"),
    path("suivi/<str:token>/retirer/", intake.tracking_withdraw, name="tracking_withdraw"),
    path("suivi/<str:token>/mes-donnees.json", intake.tracking_export, name="tracking_export"),
    path("suivi/<str:token>/supprimer/", intake.tracking_erase, name="tracking_erase"),
    path("accord-parental/<str:token>/", intake.parent_consent, name="parent_consent"),
    path("devenir-mentor/", intake.MentorSignupView.as_view(), name="mentor_signup"),
    path("mon-espace/", dashboard.dashboard, name="dashboard"),
]
