"""The youth's request from the public form to the tracking page: e-mails, duplicates, abuse, parent consent."""

import re
import uuid
from datetime import timedelta

import kombu.exceptions
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching import tokens
from matching.enums import MentorshipState, RequestState
from matching.models import Mentorship, RequestTransition, YouthRequest
from matching.services.routing import pending_route
from matching.tasks import request_submitted_task
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory, birth_date_for_age
from tests.matching.form_data import youth_form_data

pytestmark = pytest.mark.django_db

URL = reverse("matching:youth_request_create")
TRACKING_LINK = re.compile(r"https?://\S+(/suivi/\S+/)")
CONSENT_LINK = re.compile(r"https?://\S+(/accord-parental/\S+/)")


def test_form_page_renders_in_french(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Trouver un mentor" in response.content.decode()


def test_a_valid_request_is_stored_and_routed(post):
    association = AssociationFactory(departments=["75"])

    response = post()

    assert response.status_code == 302
    assert response.url == reverse("matching:youth_request_sent")
    request = YouthRequest.objects.get()
    assert request.state == RequestState.ROUTED
    assert request.association == association
    assert request.department == "75"
    assert request.axis == "education"
    assert request.phone == "+33612345678"
    assert request.sectors == ["digital", "health"]
    assert request.meeting_modes == ["remote", "school"]
    assert request.lives_in_qpv is True
    assert request.scholarship_holder is None
    assert request.consent_version
    assert request.consent_at
    assert request.submitted_at is not None
    # The creation is the row itself; the log holds the changes after it.
    assert list(request.transitions.values_list("from_state", "to_state")) == [("submitted", "routed")]


def test_a_request_no_association_covers_waits_unrouted(post):
    AssociationFactory(departments=["69"])

    post()

    request = YouthRequest.objects.get()
    assert request.state == RequestState.UNROUTED
    assert request.association is None
    assert "territory" in request.routing_decisions.get().summary


def test_confirmation_page_names_the_address(client, post):
    post()
    response = client.get(reverse("matching:youth_request_sent"))
    assert "lea.martin@example.org" in response.content.decode()


def test_confirmation_email_carries_a_working_tracking_link(client, post):
    post()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea.martin@example.org"]
    assert "lien de suivi" in message.subject
    path = TRACKING_LINK.search(message.body).group(1)
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["youth_request"] == YouthRequest.objects.get()
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_confirmation_email_is_in_the_language_used(post):
    post(language="en")

    assert YouthRequest.objects.get().language == "en"
    assert "tracking link" in mail.outbox[0].subject


def test_tampered_tracking_link_gets_a_clear_404(client, post):
    post()
    path = TRACKING_LINK.search(mail.outbox[0].body).group(1)

    response = client.get(path[:-3] + "xx/")

    assert response.status_code == 404
    assert "lien" in response.content.decode()


def test_unknown_but_well_signed_token_is_a_404(client):
    response = client.get(reverse("matching:tracking", args=[tokens.tracking_token(uuid.uuid4())]))
    assert response.status_code == 404


def test_youth_withdraws_from_the_tracking_page(client, post):
    post()
    path = TRACKING_LINK.search(mail.outbox[0].body).group(1)
    token = path.split("/")[2]

    response = client.post(reverse("matching:tracking_withdraw", args=[token]), {"reason": "found_help"}, follow=True)

    request = YouthRequest.objects.get()
    assert request.state == RequestState.WITHDRAWN
    assert request.closed_at is not None
    assert request.transitions.last().reason == "found_help"
    assert "Retirée" in response.content.decode()
    assert "Faire une nouvelle demande" in response.content.decode()


def test_the_withdrawal_tells_the_association_only_when_there_is_one(client):
    waiting = YouthRequestFactory(awaiting_parent=True)
    routed = YouthRequestFactory(routed=True)

    for request, told in ((waiting, False), (routed, True)):
        page = client.get(reverse("matching:tracking", args=[tokens.tracking_token(request.public_id)]))
        assert ("association en sera informée" in page.content.decode()) is told


def test_youth_downloads_their_data(client):
    request = YouthRequestFactory(first_name="Léa", sectors=["digital"])
    token = tokens.tracking_token(request.public_id)

    response = client.get(reverse("matching:tracking_export", args=[token]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["first_name"] == "Léa"
    assert data["email"] == request.email
    assert data["sectors"] == ["digital"]
    assert data["history"][0]["state"] == "submitted"


def test_youth_erases_their_data(client):
    request = YouthRequestFactory()
    token = tokens.tracking_token(request.public_id)

    response = client.post(reverse("matching:tracking_erase", args=[token]), follow=True)

    assert not YouthRequest.objects.exists()
    assert "supprimées" in response.content.decode()
    assert client.get(reverse("matching:tracking", args=[token])).status_code == 404


def test_withdraw_needs_a_reason(client):
    request = YouthRequestFactory()
    token = tokens.tracking_token(request.public_id)

    response = client.post(reverse("matching:tracking_withdraw", args=[token]), {})

    assert response.status_code == 400
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED


def test_withdrawing_twice_changes_nothing(client):
    request = YouthRequestFactory(state=RequestState.WITHDRAWN)
    token = tokens.tracking_token(request.public_id)

    response = client.post(reverse("matching:tracking_withdraw", args=[token]), {"reason": "other"})

    assert response.status_code == 302
    assert not request.transitions.exists()


def test_after_withdrawal_a_new_request_can_be_made(post, client):
    YouthRequestFactory(email="lea.martin@example.org", state=RequestState.WITHDRAWN)
    post()
    assert YouthRequest.objects.filter(email="lea.martin@example.org").count() == 2


def test_double_submission_creates_one_request_and_resends_the_same_link(post):
    first = post()
    second = post(first_name="Autre")

    assert first.url == second.url  # the page answers the same
    assert YouthRequest.objects.count() == 1
    assert len(mail.outbox) == 2
    links = {TRACKING_LINK.search(m.body).group(1) for m in mail.outbox}
    assert len(links) == 1
    assert all(m.to == ["lea.martin@example.org"] for m in mail.outbox)


def test_same_email_in_other_case_is_the_same_person(post):
    post()
    post(email="LEA.Martin@Example.org")
    assert YouthRequest.objects.count() == 1


def test_invalid_post_keeps_everything_typed(client):
    response = client.post(URL, youth_form_data(postal_code="98000"))

    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="Léa"' in content
    assert "Je voudrais de l&#x27;aide" in content
    assert 'aria-invalid="true"' in content
    assert 'id="id_postal_code_error"' in content
    assert YouthRequest.objects.count() == 0


def test_without_javascript_the_communes_of_the_postal_code_come_back_to_choose_from(client):
    response = client.post(URL, youth_form_data(postal_code="48250", commune=""))

    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_commune_error"' in content
    for commune in ("La Bastide-Puylaurent", "Laveyrune", "Luc", "Mont Lozère et Goulet"):
        assert f'<option value="{commune}">{commune}</option>' in content
    assert 'value="48250"' in content
    assert 'value="Léa"' in content
    assert YouthRequest.objects.count() == 0


def test_the_department_stored_is_the_chosen_communes(post):
    assert post(postal_code="48250", commune="Laveyrune").status_code == 302
    request = YouthRequest.objects.get()
    assert (request.postal_code, request.commune, request.department) == ("48250", "Laveyrune", "07")


def test_a_postal_code_with_one_commune_needs_no_choice(post):
    assert post(postal_code="97150", commune="", phone="0690 12 34 56").status_code == 302
    request = YouthRequest.objects.get()
    assert (request.commune, request.department, request.phone) == ("Saint-Martin", "978", "+590690123456")


def test_honeypot_post_is_refused_with_a_message(client):
    response = client.post(URL, youth_form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert "robot" in response.content.decode()
    assert YouthRequest.objects.count() == 0


def test_rate_limit_blocks_with_a_clear_message_and_keeps_the_data(client, settings):
    settings.INTAKE_RATE_PER_ADDRESS = "2/h"
    for n in range(2):
        assert client.post(URL, youth_form_data(email=f"p{n}@example.org")).status_code == 302

    response = client.post(URL, youth_form_data(email="p3@example.org"))

    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop de demandes" in content
    assert 'value="p3@example.org"' in content
    assert YouthRequest.objects.count() == 2


def test_rate_limit_is_per_ip(client, settings):
    settings.INTAKE_RATE_PER_ADDRESS = "1/h"
    assert client.post(URL, youth_form_data(email="a@example.org"), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(URL, youth_form_data(email="b@example.org"), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert client.post(URL, youth_form_data(email="c@example.org"), REMOTE_ADDR="10.0.0.1").status_code == 429


def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(client, settings):
    settings.INTAKE_RATE_PER_ADDRESS = "1/h"
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert client.post(URL, youth_form_data(email="a@example.org"), **forged).status_code == 302
    forged["HTTP_X_FORWARDED_FOR"] = "203.0.113.8"
    assert client.post(URL, youth_form_data(email="b@example.org"), **forged).status_code == 429


def test_behind_a_proxy_each_visitor_has_their_own_limit(client, settings):
    """Every request comes from the proxy's address; the visitor's is the one the proxy appended."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.INTAKE_RATE_PER_ADDRESS = "1/h"

    def post_as(email, forwarded, remote="10.0.0.254"):
        data = youth_form_data(email=email)
        return client.post(URL, data, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote).status_code

    assert post_as("a@example.org", "203.0.113.7") == 302
    assert post_as("b@example.org", "203.0.113.8") == 302
    # A visitor cannot escape its limit by writing addresses of its own in front of the proxy's entry.
    assert post_as("c@example.org", "198.51.100.1, 203.0.113.7") == 429
    # Through two proxies of the network, the visitor is still the rightmost address that is not a proxy.
    assert post_as("d@example.org", "203.0.113.8, 10.0.0.3") == 429
    # Straight to the application, from outside the proxies' network, the header is not believed.
    assert post_as("e@example.org", "203.0.113.9", remote="198.51.100.50") == 302
    assert post_as("f@example.org", "203.0.113.10", remote="198.51.100.50") == 429


class TestUnder15:
    @pytest.fixture
    def submitted(self, post):
        post(
            birth_date=birth_date_for_age(13).isoformat(), parent_name="Marie Martin", parent_email="marie@example.org"
        )
        return YouthRequest.objects.get()

    def consent_path(self):
        message = next(m for m in mail.outbox if m.to == ["marie@example.org"])
        return CONSENT_LINK.search(message.body).group(1)

    def test_request_waits_for_the_parent(self, submitted):
        assert submitted.state == RequestState.AWAITING_PARENT_CONSENT
        assert submitted.submitted_at is None
        assert sorted(m.to[0] for m in mail.outbox) == ["lea.martin@example.org", "marie@example.org"]

    def test_parent_confirms_and_the_request_goes_on(self, client, submitted, django_capture_on_commit_callbacks):
        AssociationFactory(departments=["75"])
        path = self.consent_path()
        assert "Marie Martin" in mail.outbox[-1].body or "Marie Martin" in mail.outbox[0].body
        assert client.get(path).status_code == 200

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, {"decision": "confirm"}, follow=True)

        submitted.refresh_from_db()
        assert submitted.state == RequestState.ROUTED
        assert submitted.parent_consent_at is not None
        assert list(submitted.transitions.values_list("to_state", "actor")) == [
            ("submitted", "parent"),
            ("routed", "system"),
        ]
        assert "accord est enregistré" in response.content.decode()
        assert [m.to for m in mail.outbox[-2:]] == [["lea.martin@example.org"]] * 2

    def test_tracking_timeline_shows_creation_then_consent(self, client, submitted):
        client.post(self.consent_path(), {"decision": "confirm"})

        response = client.get(reverse("matching:tracking", args=[tokens.tracking_token(submitted.public_id)]))

        steps = response.context["timeline"]
        assert [(step.state, step.actor) for step in steps] == [
            ("awaiting_parent_consent", "youth"),
            ("submitted", "parent"),
        ]
        assert steps[0].at == submitted.created_at

    def test_confirming_twice_changes_nothing(self, client, submitted, django_capture_on_commit_callbacks):
        path = self.consent_path()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(path, {"decision": "confirm"})
            client.post(path, {"decision": "confirm"})

        assert RequestTransition.objects.filter(to_state=RequestState.SUBMITTED).count() == 1
        assert len(mail.outbox) == 3

    def test_parent_refuses_and_the_request_is_withdrawn(self, client, submitted):
        client.post(self.consent_path(), {"decision": "refuse"})

        submitted.refresh_from_db()
        assert submitted.state == RequestState.WITHDRAWN
        assert submitted.transitions.last().reason == "parent_refused"

    def test_an_expired_link_no_longer_gives_consent(self, client, submitted):
        path = self.consent_path()
        with time_machine.travel(timezone.now() + tokens.PARENT_CONSENT_MAX_AGE + timedelta(days=1)):
            page = client.get(path).content.decode()
            response = client.post(path, {"decision": "confirm"}, follow=True)

        assert "Je donne mon accord" not in page
        assert "ne permet plus de donner votre accord" in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.state == RequestState.AWAITING_PARENT_CONSENT

    def test_a_tampered_consent_link_is_a_404(self, client, submitted):
        assert client.get(self.consent_path()[:-3] + "xx/").status_code == 404

    def test_parent_withdraws_consent_long_after_giving_it(self, client, submitted, django_capture_on_commit_callbacks):
        path = self.consent_path()
        client.post(path, {"decision": "confirm"})
        association = AssociationFactory(departments=["75"])
        mentor = MentorProfileFactory(association=association, open_mentorships=1)
        YouthRequest.objects.filter(pk=submitted.pk).update(state=RequestState.MATCHED, association=association)
        pairing = Mentorship.objects.create(
            request=submitted, mentor=mentor, association=association, state=MentorshipState.ACTIVE
        )

        with time_machine.travel(timezone.now() + timedelta(days=200)):
            page = client.get(path)
            response = client.post(path, {"decision": "withdraw"}, follow=True)

        assert page.status_code == 200
        assert "Je retire mon accord" in page.content.decode()
        assert "votre accord est retiré" in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.state == RequestState.WITHDRAWN
        assert submitted.closed_at is not None
        assert (submitted.transitions.last().actor, submitted.transitions.last().reason) == (
            "parent",
            "parent_withdrew",
        )
        pairing.refresh_from_db()
        mentor.refresh_from_db()
        assert (pairing.state, mentor.open_mentorships) == (MentorshipState.ENDED_EARLY, 0)
        tracking = client.get(reverse("matching:tracking", args=[tokens.tracking_token(submitted.public_id)]))
        assert "Un parent a retiré son accord" in tracking.content.decode()

    def test_withdrawing_consent_twice_changes_nothing(self, client, submitted):
        path = self.consent_path()
        client.post(path, {"decision": "confirm"})
        client.post(path, {"decision": "withdraw"}, follow=True)
        again = client.post(path, {"decision": "withdraw"}, follow=True)

        assert submitted.transitions.filter(to_state=RequestState.WITHDRAWN).count() == 1
        assert "Cette demande est déjà close" in again.content.decode()
        assert "votre accord est retiré" not in again.content.decode()
        assert "Je retire mon accord" not in client.get(path).content.decode()

    def test_tracking_link_cannot_be_used_as_consent_link(self, client, submitted):
        token = tokens.tracking_token(submitted.public_id)
        assert client.get(reverse("matching:parent_consent", args=[token])).status_code == 404


def test_a_broker_outage_loses_nothing(post, monkeypatch, django_capture_on_commit_callbacks):
    """Redis down at commit time: the request is saved and the page answers; the sweeper routes it later."""
    association = AssociationFactory(departments=["75"])

    def broker_down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(request_submitted_task, "apply_async", broker_down)
    response = post()

    assert response.status_code == 302
    request = YouthRequest.objects.get()
    assert request.state == RequestState.SUBMITTED
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        pending_route(trigger="sweep", now=timezone.now() + timedelta(minutes=5))

    request.refresh_from_db()
    assert (request.state, request.association) == (RequestState.ROUTED, association)
    assert any("confiée à" in m.subject for m in mail.outbox)  # the routed e-mail carries the tracking link
