"""The coordinators' daily digest: new items of the last day, one e-mail per person and day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import RequestState
from matching.services.follow_up_jobs import coordinators_digest_send
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db


def test_digest_reaches_each_staff_member_once_a_day(django_capture_on_commit_callbacks):
    paris = AssociationFactory(slug="paris", name="Élan Paris")
    quiet = AssociationFactory(slug="quiet")
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    StaffMembershipFactory(association=paris, admin=True, user__email="alex@example.org", user__language="en")
    StaffMembershipFactory(association=quiet, user__email="quiet@example.org")
    for _ in range(2):
        YouthRequestFactory(state=RequestState.ROUTED, association=paris, routed_at=timezone.now())
    YouthRequestFactory(state=RequestState.ROUTED, association=paris, routed_at=timezone.now() - timedelta(days=3))
    MentorProfileFactory(association=paris)

    with django_capture_on_commit_callbacks(execute=True):
        assert coordinators_digest_send() == 2
        assert coordinators_digest_send() == 0  # already sent today

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"nadia@example.org", "alex@example.org"}
    assert "2 nouvelles demandes" in by_recipient["nadia@example.org"].body
    assert "1 nouvelle candidature" in by_recipient["nadia@example.org"].body
    assert "2 new youth requests" in by_recipient["alex@example.org"].body


def test_digest_warns_of_pairs_gone_silent(django_capture_on_commit_callbacks):
    association = AssociationFactory(slug="paris")
    StaffMembershipFactory(association=association, user__email="nadia@example.org")
    MentorshipFactory(under_way=True, association=association, started_on=timezone.localdate() - timedelta(days=46))
    MentorshipFactory(under_way=True, association=association, started_on=timezone.localdate() - timedelta(days=45))

    with django_capture_on_commit_callbacks(execute=True):
        coordinators_digest_send()

    assert "1 binôme n'a pas eu de séance depuis plus de 45 jours" in mail.outbox[0].body
    assert "filtre=sans-seance" in mail.outbox[0].body


@pytest.fixture
def digest_due():
    paris = AssociationFactory(slug="paris")
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    StaffMembershipFactory(association=paris, user__email="alex@example.org")
    YouthRequestFactory(state=RequestState.ROUTED, association=paris, routed_at=timezone.now())


def test_send_digest_dry_run_changes_nothing_and_prints_the_count(digest_due, capsys):
    call_command("send_digest")

    assert capsys.readouterr().out.strip() == "would send (dry run; add --wet-run to act): 2 digest(s)"
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_send_digest_wet_run_sends(digest_due, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", "--wet-run")

    assert capsys.readouterr().out.strip() == "sent: 2 digest(s)"
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.org", "nadia@example.org"]


def test_send_digest_twice_sends_once(digest_due, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", "--wet-run")
        call_command("send_digest", "--wet-run")
    call_command("send_digest")  # and a dry run afterwards knows they are sent

    assert capsys.readouterr().out.splitlines()[1:] == [
        "sent: 0 digest(s)",
        "would send (dry run; add --wet-run to act): 0 digest(s)",
    ]
    assert len(mail.outbox) == 2
