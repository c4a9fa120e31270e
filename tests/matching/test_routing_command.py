"""manage.py route_pending: the sweeper beat runs every two minutes, dry unless --wet-run."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import RequestState, RoutingTrigger
from matching.models import RoutingDecision, YouthRequest
from matching.services.routing import pending_route
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    """A stuck request Paris can take, one nobody covers, an under-15 awaiting consent and an unrouted mentor, all
    left by lost tasks ten minutes ago."""
    AssociationFactory(departments=["75"])
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    return {
        "stuck": YouthRequestFactory(department="75", created_at=ten_minutes_ago, submitted_at=ten_minutes_ago),
        "unrouted": YouthRequestFactory(state=RequestState.UNROUTED, department="2A", created_at=ten_minutes_ago),
        "under_15": YouthRequestFactory(awaiting_parent=True, created_at=ten_minutes_ago),
        "mentor": MentorProfileFactory(department="75"),
    }


def test_dry_run_changes_nothing_and_prints_the_counts(waiting, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("route_pending")

    out = capsys.readouterr().out
    assert "would send (dry run; add --wet-run to act): 3 tracking link(s), 1 parent consent request(s)" in out
    assert "would route again: 1 stuck request(s), 1 unrouted request(s), 1 unrouted mentor(s)" in out
    assert not OutboundEmail.objects.exists()
    assert not RoutingDecision.objects.exists()
    assert YouthRequest.objects.get(pk=waiting["stuck"].pk).state == RequestState.SUBMITTED
    assert mail.outbox == []


def test_wet_run_sends_and_routes(waiting, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("route_pending", "--wet-run")

    out = capsys.readouterr().out
    assert "sent: 3 tracking link(s), 1 parent consent request(s)" in out
    assert "1 request(s) and 1 mentor(s) got an association" in out
    waiting["stuck"].refresh_from_db()
    waiting["mentor"].refresh_from_db()
    assert waiting["stuck"].state == RequestState.ROUTED
    assert waiting["mentor"].association is not None
    # three tracking links, the parent's consent request, the routed youth's e-mail
    assert len(mail.outbox) == 5


def test_twice_acts_once(waiting, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("route_pending", "--wet-run")
    sent, decisions = len(mail.outbox), RoutingDecision.objects.count()
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("route_pending", "--wet-run")

    assert (len(mail.outbox), RoutingDecision.objects.count()) == (sent, decisions)
    assert "sent: 0 tracking link(s), 0 parent consent request(s)" in capsys.readouterr().out
    call_command("route_pending")
    assert "would send (dry run; add --wet-run to act): 0 tracking link(s)" in capsys.readouterr().out


def test_dry_run_counts_the_emails_the_wet_run_sends(waiting, django_capture_on_commit_callbacks):
    """The dry run finds unsent first e-mails by their event keys: they must be those the services give them."""
    dry = pending_route(trigger=RoutingTrigger.SWEEP, wet_run=False)

    with django_capture_on_commit_callbacks(execute=True):
        pending_route(trigger=RoutingTrigger.SWEEP)

    links = OutboundEmail.objects.filter(template_prefix="matching/requests/emails/request_received").count()
    asks = OutboundEmail.objects.filter(template_prefix="matching/requests/emails/parent_consent").count()
    assert (dry["first_links"], dry["parent_consent_asks"]) == (links, asks) == (3, 1)
    assert pending_route(trigger=RoutingTrigger.SWEEP, wet_run=False)["first_links"] == 0
