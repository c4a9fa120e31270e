"""Pausing, completing (only after six months, with an outcome of the youth's axis) and ending a mentorship early."""

from datetime import timedelta

import pytest
from django.urls import reverse

from matching import tokens
from matching.enums import LOAD_REQUEST_STATES, MENTORSHIP_TRANSITIONS, MentorshipState, RequestState
from matching.forms.follow_up import EndEarlyForm
from matching.models import YouthRequest
from matching.services.follow_up import mentorship_complete, mentorship_end_early, mentorship_pause, mentorship_resume
from matching.services.requests import CLOSED_REQUEST_RETENTION, request_submit, requests_purge
from matching.services.transitions import TransitionNotAllowed, mentorship_move
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import StaffMembershipFactory
from tests.matching.factories import MentorshipFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("from_state", "to_state"), [(a, b) for a in MentorshipState for b in MentorshipState])
def test_mentorship_transition_table_is_enforced(from_state, to_state):

    pairing = MentorshipFactory(under_way=True, state=from_state, months=7)
    if to_state in MENTORSHIP_TRANSITIONS[from_state]:
        mentorship_move(pairing, to=to_state, actor="staff")
        assert pairing.transitions.get().to_state == to_state
    else:
        with pytest.raises(TransitionNotAllowed):
            mentorship_move(pairing, to=to_state, actor="staff")


def test_complete_after_six_months_with_an_outcome():
    pairing = MentorshipFactory(under_way=True, months=7)
    mentorship_complete(
        mentorship=pairing, by=UserFactory(), outcome="orientation_chosen", youth_words="Merci", mentor_words="Bravo"
    )
    pairing.refresh_from_db()
    pairing.mentor.refresh_from_db()
    assert (pairing.state, pairing.outcome, pairing.youth_words) == (
        MentorshipState.COMPLETED,
        "orientation_chosen",
        "Merci",
    )
    assert pairing.mentor.open_mentorships == 0


def test_completing_before_six_months_is_refused():
    with pytest.raises(DomainError, match="too_early"):
        mentorship_complete(mentorship=MentorshipFactory(under_way=True, months=3), by=UserFactory(), outcome="diploma")


def test_the_outcome_belongs_to_the_youths_axis():
    pairing = MentorshipFactory(under_way=True, months=7, request__need="orientation")  # the education axis
    with pytest.raises(DomainError, match="outcome_of_another_axis"):
        mentorship_complete(mentorship=pairing, by=UserFactory(), outcome="job")


def test_ending_early_frees_the_place_and_the_youth_can_be_matched_again():
    pairing = MentorshipFactory(under_way=True, months=1)
    mentorship_end_early(mentorship=pairing, by=UserFactory(), reason="moved", note="Parti à Lyon")
    pairing.refresh_from_db()
    pairing.request.refresh_from_db()
    pairing.mentor.refresh_from_db()
    assert (pairing.state, pairing.end_reason) == (MentorshipState.ENDED_EARLY, "moved")
    assert pairing.request.state == RequestState.ACCEPTED
    assert pairing.mentor.open_mentorships == 0


def test_pause_and_resume():
    pairing = MentorshipFactory(under_way=True, months=7)
    staff = UserFactory()
    mentorship_pause(mentorship=pairing, by=staff, note="Examens")
    mentorship_resume(mentorship=pairing, by=staff)
    assert [t.to_state for t in pairing.transitions.all()] == ["paused", "active"]


def test_staff_close_through_the_request_page(client):
    pairing = MentorshipFactory(under_way=True, months=7)
    client.force_login(StaffMembershipFactory(association=pairing.association).user)
    kwargs = {"association": pairing.association.slug, "pk": pairing.request.pk}

    page = client.get(reverse("matching:request_detail", kwargs=kwargs)).content.decode()
    assert "Clôturer (après six mois)" in page
    response = client.post(
        reverse("matching:request_mentorship_step", kwargs={**kwargs, "step": "complete"}),
        {"complete-outcome": "diploma", "complete-youth_words": "Merci !"},
        follow=True,
    )

    assert "Le mentorat est terminé" in response.content.decode()
    pairing.refresh_from_db()
    assert (pairing.state, pairing.outcome) == (MentorshipState.COMPLETED, "diploma")


def test_an_outcome_of_the_other_axis_is_refused_by_the_form(client):
    pairing = MentorshipFactory(under_way=True, months=7, request__need="orientation")
    client.force_login(StaffMembershipFactory(association=pairing.association).user)
    url = reverse(
        "matching:request_mentorship_step",
        kwargs={"association": pairing.association.slug, "pk": pairing.request.pk, "step": "complete"},
    )
    client.post(url, {"complete-outcome": "job"})
    pairing.refresh_from_db()
    assert pairing.state == MentorshipState.ACTIVE


def test_completing_closes_the_request_which_frees_the_intake_and_starts_its_retention():
    pairing = MentorshipFactory(under_way=True, months=7)
    mentorship_complete(mentorship=pairing, by=UserFactory(), outcome="diploma")

    request = YouthRequest.objects.get(pk=pairing.request_id)
    assert request.state == RequestState.CLOSED
    assert request.closed_at is not None
    assert request.transitions.last().to_state == RequestState.CLOSED
    assert not pairing.association.youth_requests.filter(state__in=LOAD_REQUEST_STATES).exists()
    assert requests_purge(now=request.closed_at + CLOSED_REQUEST_RETENTION + timedelta(hours=1)) == {
        "unconfirmed": 0,
        "closed": 1,
    }


def test_after_a_completed_mentorship_the_same_address_may_ask_again():
    pairing = MentorshipFactory(under_way=True, months=7)
    mentorship_complete(mentorship=pairing, by=UserFactory(), outcome="diploma")

    again = request_submit(
        first_name="Léa", last_name="Martin", email=pairing.request.email.upper(), birth_date=birth_date_for_age(19),
        postal_code="75011", situation="student", need="first_job", meeting_modes=["remote"],
        availability=["evenings"], languages=["fr"], description="Un premier emploi, cette fois.", language="fr",
    )  # fmt: skip

    assert again.pk != pairing.request_id
    assert again.state == RequestState.SUBMITTED


def test_ending_early_when_the_youth_wants_no_other_mentor_closes_the_request():
    pairing = MentorshipFactory(under_way=True, months=1)
    mentorship_end_early(mentorship=pairing, by=UserFactory(), reason="needs_changed", youth_wants_another=False)

    pairing.request.refresh_from_db()
    assert pairing.request.state == RequestState.CLOSED
    assert pairing.request.closed_at is not None


@pytest.mark.parametrize(("posted", "expected"), [({}, True), ({"youth_wants_another": "yes"}, True),
                                                  ({"youth_wants_another": "no"}, False)])  # fmt: skip
def test_the_end_early_form_keeps_the_youth_among_the_accepted_unless_told_otherwise(posted, expected):
    form = EndEarlyForm({"reason": "moved", **posted})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["youth_wants_another"] is expected


def test_staff_end_early_without_another_mentor_and_the_youth_sees_it_closed(client):
    pairing = MentorshipFactory(under_way=True, months=1)
    client.force_login(StaffMembershipFactory(association=pairing.association).user)
    kwargs = {"association": pairing.association.slug, "pk": pairing.request.pk}
    page = client.get(reverse("matching:request_detail", kwargs=kwargs)).content.decode()
    assert "Le jeune souhaite-t-il un autre mentor ?" in page

    response = client.post(
        reverse("matching:request_mentorship_step", kwargs={**kwargs, "step": "end"}),
        {"end-reason": "needs_changed", "end-youth_wants_another": "no"},
        follow=True,
    )

    assert "la demande du jeune est close" in response.content.decode()
    tracking = client.get(reverse("matching:tracking", args=[tokens.tracking_token(pairing.request.public_id)]))
    assert "Accompagnement terminé" in tracking.content.decode()
    assert "Ton accompagnement est terminé" in tracking.content.decode()
    assert "Faire une nouvelle demande" in tracking.content.decode()
