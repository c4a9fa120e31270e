"""The youth request state machine and the services around it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import REQUEST_TRANSITIONS, RequestState
from matching.models import RequestTransition, YouthRequest
from matching.services.requests import request_erase, request_withdraw, requests_purge
from matching.services.transitions import TransitionNotAllowed, request_move
from tests.matching.factories import YouthRequestFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in RequestState for b in RequestState]


@pytest.mark.parametrize(("from_state", "to_state"), ALL_PAIRS)
def test_transition_table_is_enforced(from_state, to_state):
    request = YouthRequestFactory(state=from_state, parent_email="p@example.org")
    allowed = to_state in REQUEST_TRANSITIONS[from_state]

    if allowed:
        request_move(request, to=to_state, actor="system")
        request.refresh_from_db()
        assert request.state == to_state
        log = request.transitions.last()
        assert (log.from_state, log.to_state, log.actor) == (from_state, to_state, "system")
    else:
        with pytest.raises(TransitionNotAllowed):
            request_move(request, to=to_state, actor="system")
        request.refresh_from_db()
        assert request.state == from_state


def test_withdrawn_request_cannot_be_withdrawn_again():
    request = YouthRequestFactory(state=RequestState.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        request_withdraw(request=request, reason="other")


def test_purge_deletes_requests_past_their_retention_period():
    now = timezone.now()
    unconfirmed = YouthRequestFactory(awaiting_parent=True, created_at=now - timedelta(days=31))
    fresh = YouthRequestFactory(awaiting_parent=True, created_at=now - timedelta(days=29))
    withdrawn_long_ago = YouthRequestFactory(state=RequestState.WITHDRAWN, closed_at=now - timedelta(days=91))
    withdrawn_recently = YouthRequestFactory(state=RequestState.WITHDRAWN, closed_at=now - timedelta(days=80))
    old_submitted = YouthRequestFactory(created_at=now - timedelta(days=400))

    assert requests_purge(now=now) == {"unconfirmed": 1, "closed": 1}  # dry run
    assert YouthRequest.objects.filter(pk=unconfirmed.pk).exists()
    steps = []
    assert requests_purge(now=now, wet_run=True, progress=lambda *step: steps.append(step)) == {
        "unconfirmed": 1,
        "closed": 1,
    }
    assert steps == [(1, 2), (2, 2)]

    remaining = set(YouthRequest.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, withdrawn_recently.pk, old_submitted.pk}
    assert withdrawn_long_ago.pk not in remaining
    assert requests_purge(now=now, wet_run=True) == {"unconfirmed": 0, "closed": 0}


def test_purge_command_is_dry_unless_wet_run(capsys):
    YouthRequestFactory(awaiting_parent=True, created_at=timezone.now() - timedelta(days=40))

    call_command("purge_requests")
    assert "would delete" in capsys.readouterr().out
    assert YouthRequest.objects.count() == 1
    call_command("purge_requests", "--wet-run")
    assert YouthRequest.objects.count() == 0
    printed = capsys.readouterr()
    assert "\r" not in printed.out + printed.err  # no progress bar drawn when the output is not a terminal


def test_erase_removes_the_request_its_log_and_its_emails():
    request = YouthRequestFactory(email="lea@example.org")
    request_move(request, to=RequestState.WITHDRAWN, actor="youth")
    OutboundEmail.objects.create(to="lea@example.org", subject="s", body_text="t", language="fr", template_prefix="x")
    OutboundEmail.objects.create(to="other@example.org", subject="s", body_text="t", language="fr", template_prefix="x")

    request_erase(request=request)

    assert not YouthRequest.objects.exists()
    assert not RequestTransition.objects.exists()
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["other@example.org"]


def test_database_refuses_two_open_requests_for_one_email():
    YouthRequestFactory(email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        YouthRequestFactory(email="SAME@example.org")
