"""Days and ages are local (Europe/Paris) and survive 29 February: the queue and the youth form on the edge days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from matching.dates import age_on, local_today, years_before
from matching.enums import RequestState
from matching.models import YouthRequest
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import YouthRequestFactory
from tests.matching.form_data import youth_form_data

PARIS = ZoneInfo("Europe/Paris")


def test_years_before_29_february_is_28_february_in_a_common_year():
    assert years_before(dt.date(2028, 2, 29), 18) == dt.date(2010, 2, 28)
    assert years_before(dt.date(2028, 2, 29), 4) == dt.date(2024, 2, 29)
    assert years_before(dt.date(2027, 3, 1), 15) == dt.date(2012, 3, 1)


def test_someone_born_on_29_february_is_older_on_1_march_in_a_common_year():
    assert age_on(dt.date(2012, 2, 29), dt.date(2027, 2, 28)) == 14
    assert age_on(dt.date(2012, 2, 29), dt.date(2027, 3, 1)) == 15
    assert age_on(dt.date(2012, 2, 29), dt.date(2028, 2, 29)) == 16


@given(
    birth=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    day=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    years=st.integers(0, 30),
)
def test_years_before_is_the_bound_of_age_on(birth, day, years):
    assert (age_on(birth, day) >= years) == (birth <= years_before(day, years))


@time_machine.travel(dt.datetime(2026, 12, 2, 0, 30, tzinfo=PARIS), tick=False)
def test_today_is_the_paris_date_not_the_utc_one():
    assert dt.datetime.now(dt.UTC).date() == dt.date(2026, 12, 1)
    assert local_today() == dt.date(2026, 12, 2)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2028, 2, 29, 10, 0, tzinfo=PARIS), tick=False)
@pytest.mark.parametrize("minors", ["", "yes", "no"])
def test_the_queue_answers_on_29_february(client, minors):
    association = AssociationFactory(slug="paris", departments=["75"])
    client.force_login(StaffMembershipFactory(association=association).user)
    YouthRequestFactory(state=RequestState.ROUTED, association=association, birth_date=dt.date(2010, 2, 28))
    YouthRequestFactory(state=RequestState.ROUTED, association=association, birth_date=dt.date(2010, 3, 1))

    response = client.get(reverse("matching:request_queue", kwargs={"association": "paris"}), {"minors": minors})

    assert response.status_code == 200
    births = {item.birth_date for item in response.context["page"]}
    expected = {"": {dt.date(2010, 2, 28), dt.date(2010, 3, 1)}, "yes": {dt.date(2010, 3, 1)}}
    assert births == expected.get(minors, {dt.date(2010, 2, 28)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "paris_time",
    [dt.datetime(2026, 12, 2, 0, 30, tzinfo=PARIS), dt.datetime(2027, 6, 2, 0, 30, tzinfo=PARIS)],
    ids=["winter-utc-23h30", "summer-utc-22h30"],
)
def test_a_youth_on_their_15th_birthday_after_midnight_is_15(client, django_capture_on_commit_callbacks, paris_time):
    AssociationFactory(departments=["75"])
    birthday = paris_time.date().replace(year=paris_time.year - 15)

    with time_machine.travel(paris_time, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert dt.datetime.now(dt.UTC).date() < paris_time.date()  # the UTC date is still yesterday
        response = client.post(reverse("matching:youth_request_create"), youth_form_data(birth_date=birthday))

    assert response.status_code == 302
    request = YouthRequest.objects.get()
    assert request.state == RequestState.ROUTED
    assert request.parent_email == ""
    assert request.age(paris_time.date()) == 15
