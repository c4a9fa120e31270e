"""The silent-pair and six-months jobs beside a service that holds the pair's rows (a youth withdrawing, a mentor
erasing their account): they neither wait nor deadlock, and act on their next run."""

import datetime as dt
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from matching.enums import AlertKind
from matching.models import Alert, MentorProfile, YouthRequest
from matching.services.follow_up_jobs import pairs_six_months_ask, silent_pairs_alert
from tests.matching.factories import MentorshipFactory, SessionLogFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("require_postgres")]

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def held(model, pk, locked: threading.Event, release: threading.Event, errors: list):
    """Lock the row in a transaction of another connection until ``release``, as a service at work would."""
    try:
        with transaction.atomic():
            model.objects.select_for_update().get(pk=pk)
            locked.set()
            release.wait(timeout=30)
    except Exception as exc:  # noqa: BLE001 - collected and asserted below
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.parametrize("row", ["request", "mentor"])
def test_a_pair_whose_rows_are_busy_is_alerted_on_the_next_run(row):
    with time_machine.travel(START, tick=False):
        mentorship = MentorshipFactory(under_way=True, started_on=START.date())
        SessionLogFactory(mentorship=mentorship, held_on=START.date() + timedelta(days=10))
    model, pk = (YouthRequest, mentorship.request_id) if row == "request" else (MentorProfile, mentorship.mentor_id)
    locked, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=held, args=(model, pk, locked, release, errors))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with time_machine.travel(START + timedelta(days=10 + 46), tick=False):
            while_busy = silent_pairs_alert()
    finally:
        release.set()
        holder.join()

    with time_machine.travel(START + timedelta(days=10 + 47), tick=False):
        next_run = silent_pairs_alert()

    assert errors == []
    assert while_busy == []
    assert len(next_run) == 1
    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.SILENT_PAIR]


def test_a_pair_busy_at_six_months_is_asked_on_the_next_run():
    with time_machine.travel(START, tick=False):
        mentorship = MentorshipFactory(under_way=True, started_on=START.date())
    locked, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=held, args=(YouthRequest, mentorship.request_id, locked, release, errors))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with time_machine.travel(START + timedelta(days=183), tick=False):
            while_busy = pairs_six_months_ask()
    finally:
        release.set()
        holder.join()

    with time_machine.travel(START + timedelta(days=184), tick=False):
        next_run = pairs_six_months_ask()

    assert (errors, while_busy, len(next_run)) == ([], [], 1)
    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.SIX_MONTHS_REACHED]
