"""Follow-up, end to end through the real pages: staff schedule a training session; a mentor at the training step
registers from Mon espace and adds it to their calendar; staff mark them present (trained) and activate them;
staff propose them to an accepted youth, who confirms; the youth reports a concern from the tracking page; a
coordinator sees the urgent alert, claims it, adds a note and resolves it; the mentor never sees the concern."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from matching import tokens
from matching.enums import AlertState, MentorshipState, MentorState
from matching.models import Alert, MentorProfile, Mentorship, TrainingSession
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.browser.signing_in import log_in
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Mon mentor insiste pour qu'on se voie chez lui, ça me gêne."


def test_from_a_training_session_to_an_alert_resolved(page_factory):
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    request = YouthRequestFactory(
        accepted=True, adult=True, association=paris, first_name="Yanis", last_name="Benali", sectors=["digital"]
    )
    MentorProfileFactory(
        checked=True, association=paris, department="75", sectors=["digital"],
        user__email="claire@example.org", user__first_name="Claire", user__last_name="Dupont",
    )  # fmt: skip
    claire = MentorProfile.objects.get(user__email="claire@example.org")

    # Staff schedule a training session.
    staff = page_factory()
    log_in(staff, "nadia@example.org")
    staff.goto("/espace/paris/demandes/")
    staff.get_by_role("link", name="Formations").click()
    staff.get_by_role("link", name="Programmer une session").click()
    starts_at = (timezone.localtime() + timedelta(days=5)).replace(hour=18, minute=30)
    staff.locator("#id_starts_at").fill(starts_at.strftime("%Y-%m-%dT%H:%M"))
    staff.locator("#id_place").fill("Maison des associations")
    staff.locator("#id_trainer").fill("Inès Dubois")
    staff.locator("#id_seats").fill("8")
    staff.get_by_role("button", name="Programmer").click()
    staff.get_by_text("La session est programmée").wait_for()
    assert staff.locator("#seats").inner_text() == "0 / 8"
    session_url = staff.url

    # Claire, at the training step, registers from Mon espace and adds the session to her calendar.
    mentor = page_factory()
    log_in(mentor, "claire@example.org")
    assert "Inès Dubois" in mentor.locator("#training-sessions").inner_text()
    mentor.get_by_role("button", name="M'inscrire").click()
    mentor.get_by_text("Vous êtes inscrit à la formation").wait_for()
    with mentor.expect_download() as download:
        mentor.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")

    staff.reload()
    assert staff.locator("#seats").inner_text() == "1 / 8"
    assert "Claire Dupont" in staff.locator("#registrations").inner_text()

    # The session has taken place: staff mark Claire present, which records her training.
    TrainingSession.objects.update(starts_at=timezone.now() - timedelta(hours=3))
    staff.goto(session_url)
    staff.get_by_role("button", name="Présent : Claire").click()
    staff.get_by_text("Présence notée").wait_for()
    mentor.reload()
    assert mentor.locator("#mentor-state").inner_text() == "Formé"

    # Staff activate her from her file.
    staff.goto(f"/espace/paris/mentors/{claire.pk}/")
    assert "Inès Dubois" in staff.content()
    staff.locator("#step-activate").click()
    staff.get_by_text("Le mentor est actif.").wait_for()
    assert staff.locator("#mentor-state").inner_text() == "Mentor actif"

    # Staff propose her to Yanis, whose request is accepted; she accepts, Yanis confirms.
    staff.goto(f"/espace/paris/demandes/{request.pk}/")
    staff.get_by_role("link", name="Voir les mentors suggérés").click()
    assert "Claire Dupont" in staff.locator("#suggestions li").first.inner_text()
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Proposer Claire").click()
    staff.locator("#mentorship-state", has_text="Proposé au mentor").wait_for()

    mentor.reload()
    mentor.get_by_role("button", name="J'accepte").click()
    mentor.locator("#mentorships", has_text="Accepté par le mentor").wait_for()

    youth = page_factory()
    youth.goto(f"/suivi/{tokens.tracking_token(request.public_id)}/")
    youth.get_by_role("button", name="Je confirme").click()
    youth.locator("#request-state", has_text="Mentor trouvé").wait_for()
    assert Mentorship.objects.get().state == MentorshipState.ACTIVE

    # Yanis reports a concern, confidentially.
    youth.get_by_label("Qu'est-ce qui t'inquiète ?").fill(WORDS)
    youth.get_by_role("button", name="Transmettre à l'association").click()
    youth.get_by_text("Ton message a bien été reçu").wait_for()
    assert youth.locator(".concern-received").count() == 1

    # A coordinator sees the urgent alert, claims it, adds a note and resolves it.
    staff.goto("/espace/paris/demandes/")
    assert staff.locator("#nav-alerts-count").inner_text().startswith("1")
    staff.locator("#nav-alerts").click()
    row = staff.locator("#alerts tbody tr").first
    assert "Urgent" in row.inner_text()
    row.get_by_role("link", name="Inquiétude signalée par le jeune").click()
    assert WORDS in staff.locator("#concern-text").inner_text()

    staff.get_by_role("button", name="Prendre en charge").click()
    staff.locator("#alert-state", has_text="Prise en charge").wait_for()
    staff.locator("#id_text").fill("Appelé Yanis : rendez-vous à l'association jeudi.")
    staff.get_by_role("button", name="Ajouter").click()
    staff.get_by_text("La note est ajoutée.").wait_for()
    assert "rendez-vous à l'association jeudi" in staff.locator("#notes").inner_text()
    staff.get_by_label("Comment l'alerte a-t-elle été traitée ?", exact=False).fill(
        "Binôme suspendu, nouveau mentor proposé."
    )
    staff.get_by_role("button", name="Résoudre l'alerte").click()
    staff.get_by_text("L'alerte est résolue.").wait_for()
    assert "Aucune alerte." in staff.locator("#alerts").inner_text()
    assert staff.locator("#nav-alerts-count").count() == 0
    assert Alert.objects.get().state == AlertState.RESOLVED

    claire.refresh_from_db()
    assert (claire.state, claire.trainer) == (MentorState.ACTIVE, "Inès Dubois")
    mentor.reload()
    assert WORDS not in mentor.content()
