"""Suggestions for a request see the places each mentor already holds, as the proposal and the batch plan do."""

import pytest
from django.urls import reverse

from matching.selectors.pairing import EXCLUDED_SHOWN, mentor_suggestions
from matching.services import pairing as pairing_services
from matching.services.pairing import batch_plan, mentorship_propose
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory()


@pytest.fixture
def request_(association):
    return YouthRequestFactory(accepted=True, adult=True, association=association)


def test_a_full_mentor_is_excluded_from_the_suggestions(association, request_):
    MentorProfileFactory(active=True, association=association, capacity=1, open_mentorships=1, user__first_name="Full")

    ranked, excluded = mentor_suggestions(association=association, request=request_)

    assert ranked == []
    assert [(item.mentor.first_name, item.reason) for item in excluded] == [("Full", "n'a plus de place")]


def test_a_suggestion_says_how_many_young_people_the_mentor_already_has(association, request_):
    MentorProfileFactory(active=True, association=association, capacity=2, open_mentorships=1)

    [(_mentor, suggestion)], _excluded = mentor_suggestions(association=association, request=request_)

    assert "déjà 1 mentoré(s) sur 2" in suggestion.reasons


def test_a_mentor_with_places_taken_ranks_below_an_identical_free_one(association, request_):
    busy = MentorProfileFactory(active=True, association=association, open_mentorships=1)
    free = MentorProfileFactory(active=True, association=association, open_mentorships=0)

    ranked, _excluded = mentor_suggestions(association=association, request=request_)

    assert [mentor.pk for mentor, _suggestion in ranked] == [free.pk, busy.pk]
    assert ranked[0][1].score > ranked[1][1].score


def test_suggestions_the_batch_plan_and_the_proposal_agree_on_a_full_mentor(association, request_):
    full = MentorProfileFactory(active=True, association=association, capacity=1, open_mentorships=1)

    ranked, _excluded = mentor_suggestions(association=association, request=request_)
    plan = batch_plan(association=association)

    assert ranked == []
    assert plan.pairs == []
    assert plan.unmatched == [(request_, "full")]
    with pytest.raises(DomainError, match="full"):
        mentorship_propose(request=request_, mentor=full, by=UserFactory())


def test_the_excluded_are_counted_by_reason_and_the_first_ones_named(association, request_):
    for _ in range(EXCLUDED_SHOWN + 3):
        MentorProfileFactory(active=True, association=association, capacity=1, open_mentorships=1)
    MentorProfileFactory(active=True, association=association, languages=["en"])

    _ranked, excluded = mentor_suggestions(association=association, request=request_)

    assert len(excluded) == EXCLUDED_SHOWN + 4
    assert excluded.by_reason == [("n'a plus de place", EXCLUDED_SHOWN + 3), ("aucune langue en commun", 1)]
    assert len(list(excluded)) == EXCLUDED_SHOWN


def test_a_large_batch_scores_youths_against_the_mentors_of_their_region(association, monkeypatch):
    monkeypatch.setattr(pairing_services, "FULL_SCORING_PAIRS", 0)  # as if the batch were national-sized
    monkeypatch.setattr(pairing_services, "CANDIDATES_PER_YOUTH", 1)
    paris = [MentorProfileFactory(active=True, association=association, department="75") for _ in range(4)]
    lyon = MentorProfileFactory(active=True, association=association, department="69", capacity=3)
    in_paris = YouthRequestFactory(accepted=True, adult=True, association=association, department="75")
    in_lyon = YouthRequestFactory(accepted=True, adult=True, association=association, department="69")
    in_lille = YouthRequestFactory(accepted=True, adult=True, association=association, department="59")

    plan = batch_plan(association=association)

    planned = {pair.request.pk: pair.mentor.pk for pair in plan.pairs}
    assert planned[in_paris.pk] in {mentor.pk for mentor in paris}
    assert planned[in_lyon.pk] == lyon.pk
    assert in_lille.pk in planned  # no mentor in their region: every mentor is a candidate


def test_while_a_mentor_is_proposed_the_page_says_so_and_offers_no_other(client, association, request_):
    proposed, _other = (MentorProfileFactory(active=True, association=association) for _ in range(2))
    staff = StaffMembershipFactory(association=association).user
    mentorship_propose(request=request_, mentor=proposed, by=staff)
    client.force_login(staff)
    url = reverse("matching:request_suggestions", kwargs={"association": association.slug, "pk": request_.pk})

    page = client.get(url)

    content = page.content.decode()
    assert page.context["ranked"]  # still shown, to plan ahead
    assert 'id="pairing-pending"' in content
    assert (
        reverse("matching:request_propose", kwargs={"association": association.slug, "pk": request_.pk}) not in content
    )
