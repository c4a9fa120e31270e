"""seed_demo on an empty database: it refuses in production, and a first seed queues no task and leaves no e-mail that
a sweep would send later. (What the demo holds is checked on one shared seed, in test_seed_demo.py.)"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail, User
from accounts.services import email_outbox_sweep
from matching.enums import RoutingTrigger
from matching.management.commands import seed_demo
from matching.services.routing import pending_route

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug_or_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="i-know-this-is-not-production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_on_and_queues_no_task_and_leaves_no_email(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("seed_demo")

    assert User.objects.filter(email=seed_demo.DEMO_USERS[0][0], is_superuser=True).exists()
    assert callbacks == []
    assert not OutboundEmail.objects.exclude(status=EmailStatus.WITHHELD).exists()


def test_a_sweep_after_the_seed_sends_nothing_the_seed_withheld(django_capture_on_commit_callbacks):
    """The first links and consent requests the seed withheld count as handled: no sweep sends them later (only a
    new event may go out, e.g. a waiting request routed meanwhile, to a reserved .example address)."""
    call_command("seed_demo", i_know_this_is_not_production=True)

    with django_capture_on_commit_callbacks(execute=True):
        pending_route(trigger=RoutingTrigger.SWEEP, now=timezone.now() + timedelta(minutes=5))
        email_outbox_sweep(now=timezone.now() + timedelta(minutes=10))

    sent = OutboundEmail.objects.exclude(status=EmailStatus.WITHHELD).values_list("event_key", flat=True)
    assert not [key for key in sent if key.endswith((":link:submitted", ":parent_consent_asked"))]
    assert all(message.to[0].endswith("@demo.1jeune1mentor.example") for message in mail.outbox)
