from django.urls import path

from .views import batching, dashboard, intake, mentor_queue, pairing, pairs, queue, staff

app_name = "matching"

urlpatterns = [
    # Public: a youth's request, its tracking link, a parent's consent, mentor sign-up.
    path("trouver-un-mentor/", intake.youth_request_create, name="youth_request_create"),
    path("trouver-un-mentor/envoyee/", intake.youth_request_sent, name="youth_request_sent"),
    path("suivi/<str:token>/", intake.tracking, name="tracking"),
    path("suivi/<str:token>/retirer/", intake.tracking_withdraw, name="tracking_withdraw"),
    path("suivi/<str:token>/mes-donnees.json", intake.tracking_export, name="tracking_export"),
    path("suivi/<str:token>/supprimer/", intake.tracking_erase, name="tracking_erase"),
    path(
        "suivi/<str:token>/confirmer-mentor/", pairing.tracking_mentorship_confirm, name="tracking_mentorship_confirm"
    ),
    path(
        "suivi/<str:token>/seances/<int:session>/retour/",
        pairing.tracking_session_feedback,
        name="tracking_session_feedback",
    ),
    path("accord-parental/<str:token>/", intake.parent_consent, name="parent_consent"),
    path("devenir-mentor/", intake.MentorSignupView.as_view(), name="mentor_signup"),
    path("mon-espace/", dashboard.dashboard, name="dashboard"),
    path("mon-espace/propositions/<int:pk>/", pairing.mentor_answer, name="mentor_answer"),
    path("mon-espace/mentorats/<int:pk>/seance/", pairing.mentor_session_log, name="mentor_session_log"),
    path("mon-espace/mentorats/<int:pk>/objectifs/", pairing.mentor_goal, name="mentor_goal"),
    # Association staff.
    path("espace/", staff.staff_home, name="staff_home"),
    path("espace/<slug:association>/demandes/", queue.request_queue, name="request_queue"),
    path("espace/<slug:association>/demandes/lot/", queue.request_bulk, name="request_bulk"),
    path("espace/<slug:association>/demandes/<int:pk>/", queue.request_detail, name="request_detail"),
    path("espace/<slug:association>/demandes/<int:pk>/prendre/", queue.request_claim, name="request_claim"),
    path("espace/<slug:association>/demandes/<int:pk>/contact/", queue.request_contact, name="request_contact"),
    path("espace/<slug:association>/demandes/<int:pk>/accepter/", queue.request_accept, name="request_accept"),
    path("espace/<slug:association>/demandes/<int:pk>/reorienter/", queue.request_redirect, name="request_redirect"),
    path("espace/<slug:association>/demandes/<int:pk>/refuser/", queue.request_decline, name="request_decline"),
    path("espace/<slug:association>/demandes/<int:pk>/commentaire/", queue.request_note, name="request_note"),
    path("espace/<slug:association>/demandes/<int:pk>/proposer/", pairing.request_propose, name="request_propose"),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/confirmer/",
        pairing.request_mentorship_confirm,
        name="request_mentorship_confirm",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/etape/<slug:step>/",
        pairing.request_mentorship_step,
        name="request_mentorship_step",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/annuler/",
        pairing.request_mentorship_cancel,
        name="request_mentorship_cancel",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentors-suggeres/",
        queue.request_suggestions,
        name="request_suggestions",
    ),
    path("espace/<slug:association>/mentors/", mentor_queue.mentor_queue, name="mentor_queue"),
    path("espace/<slug:association>/binomes/", pairs.pair_list, name="pair_list"),
    path("espace/<slug:association>/binomes/lot/", batching.batch_preview, name="batch_preview"),
    path("espace/<slug:association>/mentors/<int:pk>/", mentor_queue.mentor_detail, name="mentor_detail"),
    path("espace/<slug:association>/mentors/<int:pk>/etape/<slug:step>/", mentor_queue.mentor_step, name="mentor_step"),
    path("espace/<slug:association>/mentors/<int:pk>/commentaire/", mentor_queue.mentor_note, name="mentor_note"),
    # Platform administrators.
    path("plateforme/", staff.platform_overview, name="platform_overview"),
    path("plateforme/en-attente/", staff.unrouted_queue, name="unrouted_queue"),
    path(
        "plateforme/en-attente/demandes/<int:pk>/orienter/",
        staff.unrouted_reroute,
        {"kind": "demande"},
        name="unrouted_request_reroute",
    ),
    path(
        "plateforme/en-attente/mentors/<int:pk>/orienter/",
        staff.unrouted_reroute,
        {"kind": "mentor"},
        name="unrouted_mentor_reroute",
    ),
]
