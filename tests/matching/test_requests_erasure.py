"""Erasure leaves no copy behind, whoever asks for it (the youth, an administrator, the retention purge)."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import RequestState
from matching.models import YouthRequest
from matching.services.requests import request_erase, requests_expired, requests_purge
from tests.accounts.factories import UserFactory
from tests.matching.factories import MentorshipFactory, YouthRequestFactory


def email(to, event_key=None):
    return OutboundEmail.objects.create(
        to=to, subject="s", body_text="t", language="fr", template_prefix="x", event_key=event_key
    )


@pytest.mark.django_db
class TestOneRequest:
    def test_erasure_forgets_the_emails_about_this_request_and_keeps_the_other_requests(self):
        old = YouthRequestFactory(email="lea@example.org", state=RequestState.WITHDRAWN)
        current = YouthRequestFactory(email="lea@example.org")
        email("lea@example.org", f"youth_request:{old.pk}:link:submitted")
        email("lea@example.org", f"youth_request:{old.pk}:declined")
        kept = email("lea@example.org", f"youth_request:{current.pk}:link:submitted")
        other = email("other@example.org", f"youth_request:{old.pk}0:link:submitted")  # another id, same digits

        assert request_erase(request=old) is True

        assert set(OutboundEmail.objects.values_list("pk", flat=True)) == {kept.pk, other.pk}
        assert YouthRequest.objects.get() == current

    def test_erasure_forgets_the_emails_to_the_mentor_that_name_the_youth(self):
        pairing = MentorshipFactory(under_way=True)  # its mentor holds one place for the youth
        request = pairing.request
        email(pairing.mentor.user.email, f"mentorship:{pairing.pk}:proposed")
        invitation = email(pairing.mentor.user.email, "invitation:1")  # the mentor's own, not about the youth

        request_erase(request=request)

        assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [invitation.pk]
        pairing.mentor.refresh_from_db()
        assert pairing.mentor.open_mentorships == 0

    def test_erasure_keeps_the_emails_of_an_account_with_the_same_address(self):
        UserFactory(email="lea@example.org")
        request = YouthRequestFactory(email="lea@example.org")
        account_email = email("lea@example.org", "invitation:7")

        request_erase(request=request)

        assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [account_email.pk]

    def test_erasure_keeps_the_emails_of_an_account_whose_address_differs_only_in_case(self):
        UserFactory(email="Lea@Example.org")
        request = YouthRequestFactory(email="lea@example.org")
        account_email = email("lea@example.org", "invitation:7")

        request_erase(request=request)

        assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [account_email.pk]

    def test_erasure_with_a_condition_leaves_a_request_that_no_longer_meets_it(self):
        now = timezone.now()
        request = YouthRequestFactory(awaiting_parent=True, created_at=now - timedelta(days=31))
        expired = requests_expired(now=now)["unconfirmed"]
        YouthRequest.objects.filter(pk=request.pk).update(state=RequestState.SUBMITTED)  # the parent consented

        assert request_erase(request=request, only_if=expired) is False
        assert YouthRequest.objects.filter(pk=request.pk).exists()


@pytest.mark.django_db
class TestAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory(platform_admin=True))
        return client

    def test_deleting_a_request_in_the_admin_is_an_erasure(self, admin_client):
        pairing = MentorshipFactory(under_way=True, request__first_name="Léa")
        request = pairing.request
        email(request.email, f"youth_request:{request.pk}:link:submitted")
        email(pairing.mentor.user.email, f"mentorship:{pairing.pk}:proposed")
        admin_client.post(reverse("admin:matching_youthrequest_change", args=[request.pk]), {})  # history of a change
        url = reverse("admin:matching_youthrequest_delete", args=[request.pk])

        response = admin_client.post(url, {"post": "yes"})

        assert response.status_code == 302
        assert not YouthRequest.objects.exists()
        pairing.mentor.refresh_from_db()
        assert pairing.mentor.open_mentorships == 0
        assert not OutboundEmail.objects.exists()
        assert not LogEntry.objects.filter(object_repr__contains="Léa").exists()

    def test_the_bulk_delete_action_erases_each_request(self, admin_client):
        pairing = MentorshipFactory(under_way=True)
        requests = [pairing.request, YouthRequestFactory()]
        for request in requests:
            email(request.email, f"youth_request:{request.pk}:link:submitted")

        response = admin_client.post(
            reverse("admin:matching_youthrequest_changelist"),
            {"action": "delete_selected", "_selected_action": [r.pk for r in requests], "post": "yes"},
        )

        assert response.status_code == 302
        assert not YouthRequest.objects.exists()
        assert not OutboundEmail.objects.exists()
        pairing.mentor.refresh_from_db()
        assert pairing.mentor.open_mentorships == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("require_postgres")
def test_the_purge_leaves_a_request_that_changes_while_it_runs():
    """A parent consents at the last minute (their transaction holds the row) while the purge lists the expired:
    the purge skips the request instead of deleting it once the parent's transaction commits."""
    request = YouthRequestFactory(awaiting_parent=True, created_at=timezone.now() - timedelta(days=31))
    locked, done = threading.Event(), threading.Event()

    def parent_consents():
        try:
            with transaction.atomic():
                held = YouthRequest.objects.select_for_update().get(pk=request.pk)
                held.state, held.submitted_at = RequestState.SUBMITTED, timezone.now()
                held.save(update_fields=["state", "submitted_at"])
                locked.set()
                done.wait(timeout=2)  # the purge runs meanwhile; a purge that waited for the lock would time out here
                time.sleep(0.2)
        finally:
            connection.close()

    thread = threading.Thread(target=parent_consents)
    thread.start()
    locked.wait(timeout=5)
    report = requests_purge(wet_run=True)
    done.set()
    thread.join()

    assert report["unconfirmed"] == 0
    assert YouthRequest.objects.get(pk=request.pk).state == RequestState.SUBMITTED
