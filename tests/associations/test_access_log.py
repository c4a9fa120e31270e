"""The access log: every staff or platform view of a youth's or a mentor's file is recorded; the association's
admins read their association's log; entries go after twelve months."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin import site as admin_site
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from associations.enums import AccessAction, AccessSubject
from associations.models import AccessRecord
from associations.services import access_record
from associations.tasks import access_log_purge_task
from matching.admin import MentorProfileAdmin
from matching.enums import RequestState
from matching.models import MentorProfile
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory(slug="a")


@pytest.fixture
def coordinator(association):
    return StaffMembershipFactory(association=association).user


@pytest.fixture
def admin(association):
    return StaffMembershipFactory(association=association, admin=True).user


def log_url(**query):
    return reverse("associations:access_log", kwargs={"association": "a"}) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_viewing_a_youth_s_file_is_recorded(client, association, coordinator):
    request = YouthRequestFactory(state=RequestState.ROUTED, association=association)
    client.force_login(coordinator)

    client.get(reverse("matching:request_detail", kwargs={"association": "a", "pk": request.pk}))

    record = AccessRecord.objects.get()
    assert (record.user, record.user_email, record.association) == (coordinator, coordinator.email, association)
    assert (record.action, record.subject, record.subject_id) == ("view", "youth_request", request.pk)


def test_viewing_a_mentor_s_file_is_recorded(client, association, coordinator):
    mentor = MentorProfileFactory(association=association)
    client.force_login(coordinator)

    client.get(reverse("matching:mentor_detail", kwargs={"association": "a", "pk": mentor.pk}))

    assert AccessRecord.objects.filter(subject="mentor", subject_id=mentor.pk, user=coordinator).exists()


def test_a_file_out_of_scope_records_nothing(client, coordinator):
    other = YouthRequestFactory(state=RequestState.ROUTED, association=AssociationFactory(slug="b"))
    client.force_login(coordinator)

    client.get(reverse("matching:request_detail", kwargs={"association": "a", "pk": other.pk}))

    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("subject", ["youthrequest", "mentorprofile"])
def test_a_platform_administrator_opening_a_file_in_the_admin_is_recorded(client, association, subject):
    admin = UserFactory(platform_admin=True)
    obj = (
        YouthRequestFactory(state=RequestState.ROUTED, association=association)
        if subject == "youthrequest"
        else MentorProfileFactory(association=association)
    )
    client.force_login(admin)

    assert client.get(reverse(f"admin:matching_{subject}_change", args=[obj.pk])).status_code == 200

    record = AccessRecord.objects.get()
    assert (record.user, record.association, record.subject_id) == (admin, association, obj.pk)


def test_the_association_admin_reads_their_association_s_log_only(client, association, coordinator, admin):
    access_record(user=coordinator, action=AccessAction.VIEW, subject=AccessSubject.MENTOR, subject_id=7,
                  association=association)  # fmt: skip
    access_record(user=coordinator, action=AccessAction.VIEW, subject=AccessSubject.MENTOR, subject_id=8,
                  association=AssociationFactory(slug="b"))  # fmt: skip
    client.force_login(admin)

    page = client.get(log_url()).context["page"]

    assert [record.subject_id for record in page] == [7]


def test_the_log_filters_by_who_kind_and_dates(client, association, coordinator, admin):
    now = timezone.now()
    for days, user, subject in [(1, coordinator, "mentor"), (2, admin, "mentor"), (10, coordinator, "youth_request")]:
        access_record(user=user, action=AccessAction.VIEW, subject=subject, subject_id=days, association=association,
                      now=now - timedelta(days=days))  # fmt: skip
    client.force_login(admin)

    def ids(**query):
        return [record.subject_id for record in client.get(log_url(**query)).context["page"]]

    assert ids() == [1, 2, 10]
    assert ids(user=coordinator.pk) == [1, 10]
    assert ids(subject="youth_request") == [10]
    assert ids(since=(now - timedelta(days=5)).date().isoformat()) == [1, 2]
    assert ids(until=(now - timedelta(days=5)).date().isoformat()) == [10]
    assert ids(subject="nonsense") == [1, 2, 10]  # an invalid filter shows everything, and says so


def test_the_log_is_paginated(client, association, coordinator, admin):
    for n in range(60):
        access_record(user=coordinator, action=AccessAction.VIEW, subject=AccessSubject.MENTOR, subject_id=n,
                      association=association)  # fmt: skip
    client.force_login(admin)

    assert len(client.get(log_url()).context["page"]) == 50
    assert len(client.get(log_url(page=2)).context["page"]) == 10


@pytest.mark.parametrize("rows", [5, 60])
def test_the_log_s_query_count_does_not_grow(client, association, coordinator, admin, rows, django_assert_num_queries):
    for n in range(rows):
        access_record(user=coordinator, action=AccessAction.VIEW, subject=AccessSubject.MENTOR, subject_id=n,
                      association=association)  # fmt: skip
    client.force_login(admin)
    # session, user, memberships, the team (for the filter), count, page, the navigation's alert counts
    with django_assert_num_queries(7):
        assert client.get(log_url()).status_code == 200


def make_records(coordinator, association):
    now = timezone.now()
    for days in (10, 364, 366, 800):
        access_record(user=coordinator, action=AccessAction.VIEW, subject=AccessSubject.MENTOR, subject_id=days,
                      association=association, now=now - timedelta(days=days))  # fmt: skip


def test_the_command_prints_what_it_would_purge_and_purges_only_with_wet_run(coordinator, association, capsys):
    make_records(coordinator, association)

    call_command("purge_access_log")
    assert "would delete (dry run; add --wet-run to act): 2 access log entries" in capsys.readouterr().out
    assert AccessRecord.objects.count() == 4

    call_command("purge_access_log", "--wet-run")
    call_command("purge_access_log", "--wet-run")  # twice acts once
    assert "deleted: 0 access log entries" in capsys.readouterr().out
    assert sorted(AccessRecord.objects.values_list("subject_id", flat=True)) == [10, 364]


def test_beat_purges_the_log_every_night(coordinator, association):
    make_records(coordinator, association)
    entry = settings.CELERY_BEAT_SCHEDULE["purge-access-log"]
    assert entry["task"] == "associations.tasks.access_log_purge_task"

    with time_machine.travel(timezone.now()):
        assert access_log_purge_task.delay().get() == 2

    assert AccessRecord.objects.count() == 2


def test_entries_outlive_the_account_that_made_them(coordinator, association):
    access_record(user=coordinator, action=AccessAction.EXPORT, subject=AccessSubject.YOUTH_REQUEST, subject_id=1,
                  association=association)  # fmt: skip

    coordinator.delete()

    assert AccessRecord.objects.get().user_email.startswith("person")


def test_the_admin_cannot_change_what_only_the_services_may(client, association):
    client.force_login(UserFactory(platform_admin=True))
    mentor = MentorProfileFactory(association=association, active=True)

    page = client.get(reverse("admin:matching_mentorprofile_change", args=[mentor.pk])).content.decode()

    for field in ("open_mentorships", "association", "background_check_ok", "background_check_on", "state"):
        assert f'name="{field}"' not in page, field
    assert 'name="capacity"' in page  # support may still correct the mentor's own choices


def test_an_admin_correction_keeps_what_the_services_wrote_meanwhile(rf, association):
    """The admin's form read the mentor before a proposal took a place; saving it keeps that place."""
    mentor = MentorProfileFactory(association=association, active=True, capacity=2)
    request = rf.post("/")
    request.user = UserFactory(platform_admin=True)
    model_admin = MentorProfileAdmin(MentorProfile, admin_site)
    form_class = model_admin.get_form(request, mentor, change=True)
    data = {
        name: value for name, value in form_class(instance=mentor).initial.items() if name in form_class.base_fields
    }
    form = form_class({**data, "capacity": 3}, instance=mentor)
    assert form.is_valid(), form.errors
    corrected = form.save(commit=False)
    MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=2)  # a proposal, meanwhile

    model_admin.save_model(request, corrected, form, change=True)

    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.open_mentorships) == (3, 2)
