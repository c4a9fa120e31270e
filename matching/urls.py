from django.urls import path

from .views import follow_up, pairing, platform, reports, requests, review, vetting, webhooks

app_name = "matching"

urlpatterns = [
    # Public: a youth's request, its tracking link, a parent's consent, mentor sign-up.
    path("trouver-un-mentor/", requests.youth_request_create, name="youth_request_create"),
    path("trouver-un-mentor/envoyee/", requests.youth_request_sent, name="youth_request_sent"),
    path("lien-de-suivi-perdu/", requests.tracking_lost, name="tracking_lost"),
    path("suivi/<str:token>/", requests.tracking, name="tracking"),
    path("suivi/<str:token>/retirer/", requests.tracking_withdraw, name="tracking_withdraw"),
    path("suivi/<str:token>/mes-donnees.json", requests.tracking_export, name="tracking_export"),
    path("suivi/<str:token>/supprimer/", requests.tracking_erase, name="tracking_erase"),
    path(
        "suivi/<str:token>/confirmer-mentor/", pairing.tracking_mentorship_confirm, name="tracking_mentorship_confirm"
    ),
    path(
        "suivi/<str:token>/seances/<int:session>/retour/",
        follow_up.tracking_session_feedback,
        name="tracking_session_feedback",
    ),
    path("suivi/<str:token>/signaler/", follow_up.tracking_concern, name="tracking_concern"),
    path("suivi/<str:token>/rappels/", requests.tracking_reminders, name="tracking_reminders"),
    path("point-d-etape/<str:token>/", follow_up.check_in_answer, name="check_in_answer"),
    path("accord-parental/<str:token>/", requests.parent_consent, name="parent_consent"),
    path("devenir-mentor/", vetting.MentorSignupView.as_view(), name="mentor_signup"),
    path("mon-espace/", follow_up.dashboard, name="dashboard"),
    path("mon-espace/mes-donnees.json", follow_up.mentor_export, name="mentor_export"),
    path("mon-espace/supprimer/", follow_up.mentor_erase, name="mentor_erase"),
    path("mon-espace/propositions/<int:pk>/", pairing.mentor_answer, name="mentor_answer"),
    path("mon-espace/mentorats/<int:pk>/seance/", follow_up.mentor_session_log, name="mentor_session_log"),
    path("mon-espace/mentorats/<int:pk>/objectifs/", follow_up.mentor_goal, name="mentor_goal"),
    path(
        "mon-espace/formations/<int:pk>/inscription/", vetting.mentor_training_register, name="mentor_training_register"
    ),
    path(
        "mon-espace/formations/<int:pk>/desinscription/",
        vetting.mentor_training_unregister,
        name="mentor_training_unregister",
    ),
    path("mon-espace/formations/<int:pk>/agenda.ics", vetting.mentor_training_ics, name="mentor_training_ics"),
    path("mon-espace/ecrire-a-l-association/", follow_up.mentor_concern, name="mentor_concern"),
    path("mon-espace/points-d-etape/<int:pk>/", follow_up.mentor_check_in, name="mentor_check_in"),
    # Association platform.
    path("espace/", review.staff_home, name="staff_home"),
    path("espace/<slug:association>/association/webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("espace/<slug:association>/association/webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    path(
        "espace/<slug:association>/association/webhooks/<int:pk>/supprimer/",
        webhooks.webhook_delete,
        name="webhook_delete",
    ),
    path("espace/<slug:association>/association/webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook_test"),
    path("espace/<slug:association>/demandes/", review.request_queue, name="request_queue"),
    path("espace/<slug:association>/demandes/lot/", review.request_bulk, name="request_bulk"),
    path("espace/<slug:association>/demandes/<int:pk>/", review.request_detail, name="request_detail"),
    path("espace/<slug:association>/demandes/<int:pk>/prendre/", review.request_claim, name="request_claim"),
    path("espace/<slug:association>/demandes/<int:pk>/contact/", review.request_contact, name="request_contact"),
    path("espace/<slug:association>/demandes/<int:pk>/accepter/", review.request_accept, name="request_accept"),
    path("espace/<slug:association>/demandes/<int:pk>/reorienter/", review.request_redirect, name="request_redirect"),
    path("espace/<slug:association>/demandes/<int:pk>/refuser/", review.request_decline, name="request_decline"),
    path("espace/<slug:association>/demandes/<int:pk>/commentaire/", review.request_note, name="request_note"),
    path("espace/<slug:association>/demandes/<int:pk>/proposer/", pairing.request_propose, name="request_propose"),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/confirmer/",
        pairing.request_mentorship_confirm,
        name="request_mentorship_confirm",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/etape/<slug:step>/",
        follow_up.request_mentorship_step,
        name="request_mentorship_step",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentorat/annuler/",
        pairing.request_mentorship_cancel,
        name="request_mentorship_cancel",
    ),
    path(
        "espace/<slug:association>/demandes/<int:pk>/mentors-suggeres/",
        pairing.request_suggestions,
        name="request_suggestions",
    ),
    path("espace/<slug:association>/mentors/", vetting.mentor_queue, name="mentor_queue"),
    path("espace/<slug:association>/binomes/", follow_up.pair_list, name="pair_list"),
    path("espace/<slug:association>/binomes/lot/", pairing.batch_preview, name="batch_preview"),
    path("espace/<slug:association>/suivi/", follow_up.alert_queue, name="alert_queue"),
    path("espace/<slug:association>/suivi/<int:pk>/", follow_up.alert_detail, name="alert_detail"),
    path("espace/<slug:association>/suivi/<int:pk>/prendre/", follow_up.alert_claim, name="alert_claim"),
    path("espace/<slug:association>/suivi/<int:pk>/note/", follow_up.alert_note, name="alert_note"),
    path("espace/<slug:association>/suivi/<int:pk>/resoudre/", follow_up.alert_resolve, name="alert_resolve"),
    path("espace/<slug:association>/mentors/<int:pk>/", vetting.mentor_detail, name="mentor_detail"),
    path("espace/<slug:association>/mentors/<int:pk>/etape/<slug:step>/", vetting.mentor_step, name="mentor_step"),
    path("espace/<slug:association>/mentors/<int:pk>/commentaire/", vetting.mentor_note, name="mentor_note"),
    path("espace/<slug:association>/tableau-de-bord/", reports.association_dashboard, name="association_dashboard"),
    path("espace/<slug:association>/exports/<slug:kind>.csv", reports.association_export, name="association_export"),
    path("espace/<slug:association>/formations/", vetting.training_list, name="training_list"),
    path("espace/<slug:association>/formations/programmer/", vetting.training_create, name="training_create"),
    path("espace/<slug:association>/formations/<int:pk>/", vetting.training_detail, name="training_detail"),
    path("espace/<slug:association>/formations/<int:pk>/modifier/", vetting.training_update, name="training_update"),
    path("espace/<slug:association>/formations/<int:pk>/annuler/", vetting.training_cancel, name="training_cancel"),
    path(
        "espace/<slug:association>/formations/inscriptions/<int:pk>/presence/",
        vetting.training_attendance,
        name="training_attendance",
    ),
    # Platform administrators.
    path("plateforme/", platform.platform_overview, name="platform_overview"),
    path("plateforme/tableau-de-bord/", platform.platform_dashboard, name="platform_dashboard"),
    path("plateforme/tableau-de-bord/objectifs/", platform.platform_target_set, name="platform_target_set"),
    path("plateforme/en-attente/", platform.unrouted_queue, name="unrouted_queue"),
    path(
        "plateforme/en-attente/demandes/<int:pk>/orienter/",
        platform.unrouted_reroute,
        {"kind": "demande"},
        name="unrouted_request_reroute",
    ),
    path(
        "plateforme/en-attente/demandes/<int:pk>/clore/",
        platform.unrouted_request_decline,
        name="unrouted_request_decline",
    ),
    path(
        "plateforme/en-attente/mentors/<int:pk>/orienter/",
        platform.unrouted_reroute,
        {"kind": "mentor"},
        name="unrouted_mentor_reroute",
    ),
]
