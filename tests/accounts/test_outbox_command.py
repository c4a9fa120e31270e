"""manage.py sweep_outbox: the outbox sweeper beat runs every five minutes, dry unless --wet-run."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.enums import EmailStatus
from accounts.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_and_old():
    fields = {"subject": "Bonjour", "body_text": "Texte", "language": "fr"}
    lost = OutboundEmail.objects.create(to="tom@example.org", created_at=timezone.now() - timedelta(hours=1), **fields)
    old = OutboundEmail.objects.create(
        to="old@example.org", status=EmailStatus.SENT, created_at=timezone.now() - timedelta(days=31), **fields
    )
    return lost, old


def test_dry_run_changes_nothing_and_prints_the_counts(lost_and_old, capsys):
    call_command("sweep_outbox")

    assert capsys.readouterr().out.strip() == (
        "would be (dry run; add --wet-run to act) sent again: 1 e-mail(s); deleted: 1 old e-mail(s)"
    )
    assert mail.outbox == []
    assert OutboundEmail.objects.filter(status=EmailStatus.PENDING).count() == 1
    assert OutboundEmail.objects.count() == 2


def test_wet_run_sends_and_deletes(lost_and_old, capsys):
    lost, old = lost_and_old

    call_command("sweep_outbox", "--wet-run")

    assert capsys.readouterr().out.strip() == "sent again: 1 e-mail(s); deleted: 1 old e-mail(s)"
    assert [m.to for m in mail.outbox] == [["tom@example.org"]]
    lost.refresh_from_db()
    assert lost.status == EmailStatus.SENT
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()


def test_twice_acts_once(lost_and_old, capsys):
    call_command("sweep_outbox", "--wet-run")
    capsys.readouterr()

    call_command("sweep_outbox", "--wet-run")

    assert capsys.readouterr().out.strip() == "sent again: 0 e-mail(s); deleted: 0 old e-mail(s)"
    assert len(mail.outbox) == 1
