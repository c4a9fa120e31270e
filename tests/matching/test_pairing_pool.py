"""The active mentors' arrays a process keeps for the suggestions and the batch plan: read once per version of the
association's pool, read again after any service changes an active mentor (so that no page ever shows a stale
mentor), and on another day (a background check expires)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from matching import scoring
from matching.admin import MentorProfileAdmin
from matching.models import MentorPoolVersion, MentorProfile
from matching.selectors.pairing import active_mentor_arrays, mentor_suggestions
from matching.services.follow_up import mentor_erase
from matching.services.pairing import batch_plan, mentorship_cancel, mentorship_propose
from matching.services.pairing_pool import mentor_pool_touch
from matching.services.vetting import mentor_activate, mentor_check_declare, mentor_pause
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def association():
    association = AssociationFactory(slug="paris")
    mentor_pool_touch(association_ids=[association.pk])  # as the first mentor's activation would
    return association


@pytest.fixture
def staff(association):
    return StaffMembershipFactory(association=association).user


def version(association):
    return MentorPoolVersion.objects.get(association=association).token


def test_the_suggestions_read_the_mentors_once_then_only_their_version(
    client, association, staff, django_assert_num_queries
):
    MentorProfileFactory(active=True, association=association)
    request = YouthRequestFactory(accepted=True, adult=True, association=association)
    client.force_login(staff)
    url = reverse("matching:request_suggestions", kwargs={"association": "paris", "pk": request.pk})
    client.get(url)

    # session, user, memberships, request, the pool's version (the arrays kept), the profiles shown, navigation
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["ranked"]) == 1


def test_a_proposal_and_its_cancellation_show_at_once_in_the_suggestions(association, staff):
    mentor = MentorProfileFactory(active=True, association=association, capacity=2)
    first, second = (YouthRequestFactory(accepted=True, adult=True, association=association) for _ in range(2))
    mentor_suggestions(association=association, request=second)  # the arrays are kept

    mentorship = mentorship_propose(request=first, mentor=mentor, by=staff)

    [(_mentor, suggestion)], _excluded = mentor_suggestions(association=association, request=second)
    assert "déjà 1 mentoré(s) sur 2" in suggestion.reasons
    mentorship_cancel(mentorship=mentorship, by=staff)
    [(_mentor, suggestion)], _excluded = mentor_suggestions(association=association, request=second)
    assert "déjà 0 mentoré(s) sur 2" in suggestion.reasons


def test_a_mentor_paused_or_activated_leaves_or_joins_the_pool_at_once(association, staff):
    request = YouthRequestFactory(accepted=True, adult=True, association=association)
    mentor = MentorProfileFactory(active=True, association=association)
    newcomer = MentorProfileFactory(trained=True, association=association)
    assert [m.pk for m, _s in mentor_suggestions(association=association, request=request)[0]] == [mentor.pk]

    mentor_pause(mentor=mentor, by=staff)
    assert mentor_suggestions(association=association, request=request)[0] == []
    assert batch_plan(association=association).pairs == []

    mentor_activate(mentor=newcomer, by=staff)
    assert [m.pk for m, _s in mentor_suggestions(association=association, request=request)[0]] == [newcomer.pk]


def test_a_failed_background_check_bars_the_mentor_from_minors_at_once(association, staff):
    minor = YouthRequestFactory(accepted=True, minor=True, association=association)
    mentor = MentorProfileFactory(active=True, association=association, accepts_minors=True)
    assert len(mentor_suggestions(association=association, request=minor)[0]) == 1

    mentor_check_declare(mentor=mentor, by=staff, ok=False, checked_on=dt.date.today())

    assert mentor_suggestions(association=association, request=minor)[0] == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda mentor, staff: mentor_pause(mentor=mentor, by=staff), id="pause"),
        pytest.param(
            lambda mentor, staff: mentor_check_declare(mentor=mentor, by=staff, ok=True, checked_on=dt.date.today()),
            id="check renewed",
        ),
        pytest.param(lambda mentor, staff: mentor_erase(user=mentor.user), id="erased"),
        pytest.param(
            lambda mentor, staff: mentorship_propose(
                request=YouthRequestFactory(accepted=True, adult=True, association=mentor.association),
                mentor=mentor,
                by=staff,
            ),
            id="proposed",
        ),
    ],
)
def test_each_service_that_changes_an_active_mentor_gives_the_pool_a_new_version(association, staff, change):
    mentor = MentorProfileFactory(active=True, association=association)
    before = version(association)

    change(mentor, staff)

    assert version(association) != before


def test_a_support_correction_in_the_admin_gives_the_pool_a_new_version(association):
    mentor = MentorProfileFactory(active=True, association=association, languages=["fr"])
    before = version(association)
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(platform_admin=True)
    model_admin = MentorProfileAdmin(MentorProfile, admin.site)
    form_class = model_admin.get_form(request, mentor, change=True)
    initial = form_class(instance=mentor).initial
    data = {name: value for name, value in initial.items() if name in form_class.base_fields}
    form = form_class({**data, "languages": ["fr", "en"]}, instance=mentor)
    assert form.is_valid(), form.errors

    model_admin.save_model(request, form.save(commit=False), form, change=True)

    assert version(association) != before
    arrays = active_mentor_arrays(association=association)
    assert arrays.languages[0] == scoring.mask("languages", ["fr", "en"])


def test_the_arrays_are_read_again_on_another_day(association):
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=PARIS), tick=False):
        MentorProfileFactory(
            active=True, association=association, accepts_minors=True, background_check_on=dt.date(2025, 9, 1)
        )
        assert active_mentor_arrays(association=association).minors_ok.tolist() == [True]
    # Six months after the check, nothing changed in the database, yet the mentor may no longer see minors.
    with time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=PARIS), tick=False):
        assert active_mentor_arrays(association=association).minors_ok.tolist() == [False]


def test_the_arrays_kept_cannot_be_changed(association):
    MentorProfileFactory(active=True, association=association)
    arrays = active_mentor_arrays(association=association)

    with pytest.raises(ValueError, match="read-only"):
        arrays.capacity_left[0] = 0


def test_an_association_without_a_version_reads_its_mentors_each_time(django_assert_num_queries):
    association = AssociationFactory()
    MentorProfileFactory(active=True, association=association)
    active_mentor_arrays(association=association)

    with django_assert_num_queries(2):  # the version (none), the arrays
        assert len(active_mentor_arrays(association=association)) == 1
