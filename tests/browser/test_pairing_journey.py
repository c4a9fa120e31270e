"""Staff see ranked suggestions with reasons and propose; the mentor accepts; the youth confirms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching import tokens
from matching.enums import MentorshipState
from matching.models import Mentorship
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.browser.signing_in import log_in
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggest_propose_accept_confirm(page_factory):
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    request = YouthRequestFactory(
        accepted=True, adult=True, association=paris, first_name="Yanis", last_name="Benali", sectors=["digital"]
    )
    MentorProfileFactory(
        active=True, association=paris, department="75", sectors=["digital"],
        user__email="claire@example.org", user__first_name="Claire", user__last_name="Dupont",
    )  # fmt: skip

    staff = page_factory()
    log_in(staff, "nadia@example.org")
    staff.goto(f"/espace/paris/demandes/{request.pk}/")
    staff.get_by_role("link", name="Voir les mentors suggérés").click()
    suggestion = staff.locator("#suggestions li").first
    assert "Claire Dupont" in suggestion.inner_text()
    assert "même département" in suggestion.inner_text()
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Proposer Claire").click()
    staff.locator("#mentorship-state", has_text="Proposé au mentor").wait_for()

    mentor = page_factory()
    log_in(mentor, "claire@example.org")
    assert "Yanis" in mentor.locator("#mentorships").inner_text()
    mentor.get_by_role("button", name="J'accepte").click()
    mentor.locator("#mentorships", has_text="Accepté par le mentor").wait_for()

    youth = page_factory()
    youth.goto(f"/suivi/{tokens.tracking_token(request.public_id)}/")
    assert "Claire" in youth.locator("#mentor-title").locator("..").inner_text()
    youth.get_by_role("button", name="Je confirme").click()
    youth.locator("#request-state", has_text="Mentor trouvé").wait_for()
    assert "Ton mentor s'appelle Claire" in youth.content()
    assert Mentorship.objects.get().state == MentorshipState.ACTIVE

    # The mentor logs a session; the youth sees it and answers.
    mentor.reload()
    mentorship = Mentorship.objects.get()
    prefix = f"#id_session-{mentorship.pk}"
    mentor.locator(f"{prefix}-held_on").fill(timezone.localdate().isoformat())
    mentor.locator(f"{prefix}-topics").fill("Préparer un entretien d'embauche")
    mentor.get_by_role("button", name="Enregistrer la séance").click()
    mentor.get_by_text("La séance est enregistrée.").wait_for()

    youth.reload()
    assert "Préparer un entretien d'embauche" in youth.locator("#sessions").inner_text()
    youth.get_by_label("Ton retour sur cette séance").fill("Très utile, merci !")
    youth.get_by_role("button", name="Envoyer").click()
    youth.get_by_text("Merci pour ton retour !").wait_for()
    assert mentorship.sessions.get().youth_feedback == "Très utile, merci !"

    # Seven months later, staff close the mentorship as completed, with its outcome.
    Mentorship.objects.filter(pk=mentorship.pk).update(started_on=timezone.localdate() - timedelta(days=210))
    staff.goto(f"/espace/paris/demandes/{request.pk}/")
    staff.get_by_text("Clôturer (après six mois)").click()
    staff.locator("#id_complete-outcome").select_option("orientation_chosen")
    staff.locator("#id_complete-youth_words").fill("Merci Claire !")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.locator("form[action$='/etape/complete/'] button").click()
    staff.get_by_text("Le mentorat est terminé. Bravo !").wait_for()
    mentorship.refresh_from_db()
    assert (mentorship.state, mentorship.outcome) == (MentorshipState.COMPLETED, "orientation_chosen")
