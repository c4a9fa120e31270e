"""match_batch: the optimal plan for an association, printed; proposals only with --wet-run; twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from matching.enums import MentorshipState, RequestState
from matching.models import Mentorship
from matching.services.pairing import batch_plan
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    association = AssociationFactory(slug="paris")
    for n in range(3):
        YouthRequestFactory(accepted=True, adult=True, association=association, first_name=f"Y{n}")
    for n in range(2):
        MentorProfileFactory(active=True, association=association, capacity=1, user__first_name=f"M{n}")
    return association


def test_plan_respects_capacities_and_explains_who_is_left_out(association):
    plan = batch_plan(association=association)

    assert len(plan.pairs) == 2
    assert len({pair.mentor.pk for pair in plan.pairs}) == 2
    assert [reason for _, reason in plan.unmatched] == ["places taken by better pairs"]
    assert plan.total >= plan.greedy_total


def test_dry_run_changes_nothing(association, capsys):
    call_command("match_batch", "--association", "paris")
    out, err = capsys.readouterr()
    assert "\r" not in out + err  # no progress bar drawn when the output is not a terminal
    assert "dry run" in out
    assert "2 pairs" in out
    assert not Mentorship.objects.exists()


def test_wet_run_proposes_then_a_second_run_proposes_nothing(association, capsys):
    call_command("match_batch", "--association", "paris", "--wet-run")
    assert Mentorship.objects.filter(state=MentorshipState.PROPOSED).count() == 2

    call_command("match_batch", "--association", "paris", "--wet-run")
    assert Mentorship.objects.count() == 2
    assert "0 pairs" in capsys.readouterr().out.splitlines()[-2]


def test_staff_preview_the_batch_and_propose_the_ticked_pairs(client, association):
    client.force_login(StaffMembershipFactory(association=association).user)
    url = reverse("matching:batch_preview", kwargs={"association": "paris"})
    page = client.get(url)
    pairs = page.context["plan"].pairs
    assert len(pairs) == 2

    first = f"{pairs[0].request.pk}:{pairs[0].mentor.pk}"
    response = client.post(url, {"pair": [first]}, follow=True)

    assert "1 proposition(s)" in response.content.decode()
    assert Mentorship.objects.count() == 1


def test_pairs_of_another_association_are_ignored(client, association):
    other = YouthRequestFactory(state=RequestState.ACCEPTED, association=AssociationFactory(slug="other"))
    mentor = association.mentors.first()
    client.force_login(StaffMembershipFactory(association=association).user)
    client.post(
        reverse("matching:batch_preview", kwargs={"association": "paris"}), {"pair": [f"{other.pk}:{mentor.pk}"]}
    )
    assert not Mentorship.objects.exists()
