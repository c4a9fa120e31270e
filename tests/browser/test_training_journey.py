"""Staff schedule a training session; a checked mentor registers from Mon espace and adds it to their calendar;
staff mark the mentor present once the session has started; the mentor is trained."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from matching.enums import MentorState
from matching.models import MentorProfile, TrainingSession
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.browser.test_review_journeys import log_in
from tests.matching.factories import MentorProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_register_attend_trained(page_factory):
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    MentorProfileFactory(
        checked=True, association=paris, user__email="claire@example.org", user__first_name="Claire",
        user__last_name="Dupont",
    )  # fmt: skip

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

    # The session has taken place: staff mark Claire present.
    TrainingSession.objects.update(starts_at=timezone.now() - timedelta(hours=3))
    staff.reload()
    staff.get_by_role("button", name="Présent : Claire").click()
    staff.get_by_text("Présence notée").wait_for()

    mentor.reload()
    assert mentor.locator("#mentor-state").inner_text() == "Formé"
    profile = MentorProfile.objects.get(user__email="claire@example.org")
    assert (profile.state, profile.trainer) == (MentorState.TRAINED, "Inès Dubois")
