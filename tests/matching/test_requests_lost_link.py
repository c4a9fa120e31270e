"""A lost tracking link: a new one by e-mail to the address on file, the old one revoked, the same answer for
every address."""

import re

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from matching import tokens
from matching.enums import RequestState
from matching.models import CheckIn
from tests.matching.factories import CheckInFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db

URL = "/lien-de-suivi-perdu/"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def send(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("matching:tracking_lost"), {"email": email})

    return send


def link_in(email: OutboundEmail, kind: str = "suivi") -> str:
    return re.search(rf"http://testserver(/{kind}/[^/\s]+/)", email.body_text).group(1)


def page_text(response, typed: str) -> str:
    """The page without what differs by nature: the address typed back and the CSRF token."""
    return re.sub(r'value="[^"]*"', "", response.content.decode().replace(typed, ""))


def test_the_page_is_at_a_stable_address(client):
    assert reverse("matching:tracking_lost") == URL
    assert client.get(URL).status_code == 200


def test_a_known_address_receives_a_new_link_and_the_old_one_stops_working(client, ask):
    request = YouthRequestFactory(state=RequestState.ROUTED, email="lea@example.org")
    old = reverse("matching:tracking", args=[tokens.tracking_token(request.public_id)])

    ask("Lea@Example.org ")

    email = OutboundEmail.objects.get(to="lea@example.org", template_prefix__endswith="link_replaced")
    new = link_in(email)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_old_check_in_links_stop_working_and_the_new_tracking_page_leads_to_the_open_one(client, ask):
    check_in = CheckInFactory(mentorship__request__email="lea@example.org")
    mentor_check_in = CheckInFactory(mentor=True, mentorship=check_in.mentorship)
    old = reverse("matching:check_in_answer", args=[tokens.check_in_token(check_in.public_id)])
    assert client.get(old).status_code == 200

    ask("lea@example.org")

    assert client.get(old).status_code == 404  # it would lead to the new tracking page
    tracking = client.get(link_in(OutboundEmail.objects.get(to="lea@example.org"))).content.decode()
    check_in.refresh_from_db()
    new = reverse("matching:check_in_answer", args=[tokens.check_in_token(check_in.public_id)])
    assert new in tracking
    assert client.get(new).status_code == 200
    assert CheckIn.objects.get(pk=mentor_check_in.pk).public_id == mentor_check_in.public_id


def test_a_youth_who_turned_reminders_off_still_receives_the_new_link(ask):
    YouthRequestFactory(state=RequestState.ROUTED, email="lea@example.org", accepts_non_essential_emails=False)

    ask("lea@example.org")

    assert OutboundEmail.objects.filter(to="lea@example.org", template_prefix__endswith="/link_replaced").exists()


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, ask):
    YouthRequestFactory(state=RequestState.ROUTED, email="lea@example.org")

    known = ask("lea@example.org")
    unknown = ask("nobody@example.org")

    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "lea@example.org") == page_text(unknown, "nobody@example.org")
    assert not OutboundEmail.objects.filter(to="nobody@example.org").exists()


def test_a_parent_s_address_receives_a_new_consent_link(client, ask):
    request = YouthRequestFactory(awaiting_parent=True, parent_email="parent@example.org")
    old = reverse("matching:parent_consent", args=[tokens.parent_consent_token(request.parent_public_id)])

    ask("parent@example.org")

    email = OutboundEmail.objects.get(to="parent@example.org", template_prefix__endswith="parent_link_replaced")
    assert client.get(old).status_code == 404
    assert client.get(link_in(email, "accord-parental")).status_code == 200
    assert not OutboundEmail.objects.filter(to=request.email, template_prefix__endswith="link_replaced").exists()


def test_a_parent_s_new_link_leaves_the_youth_s_tracking_link_working(client, ask):
    request = YouthRequestFactory(awaiting_parent=True, parent_email="parent@example.org")
    check_in = CheckInFactory(mentorship__request=request)
    tracking = reverse("matching:tracking", args=[tokens.tracking_token(request.public_id)])
    answer = reverse("matching:check_in_answer", args=[tokens.check_in_token(check_in.public_id)])

    ask("parent@example.org")

    assert client.get(tracking).status_code == 200
    assert client.get(answer).status_code == 200


def test_a_youth_s_new_link_leaves_the_parent_s_consent_link_working(client, ask):
    request = YouthRequestFactory(awaiting_parent=True, email="lea@example.org", parent_email="parent@example.org")
    consent = reverse("matching:parent_consent", args=[tokens.parent_consent_token(request.parent_public_id)])

    ask("lea@example.org")

    assert client.get(consent).status_code == 200
    assert not OutboundEmail.objects.filter(to="parent@example.org", template_prefix__endswith="link_replaced").exists()


def test_an_address_that_is_both_the_youth_s_and_the_parent_s_gets_both_links_anew(client, ask):
    request = YouthRequestFactory(awaiting_parent=True, email="family@example.org", parent_email="family@example.org")
    old_tracking = reverse("matching:tracking", args=[tokens.tracking_token(request.public_id)])
    old_consent = reverse("matching:parent_consent", args=[tokens.parent_consent_token(request.parent_public_id)])

    ask("family@example.org")

    sent = OutboundEmail.objects.filter(to="family@example.org")
    tracking = link_in(sent.get(template_prefix__endswith="/link_replaced"))
    consent = link_in(sent.get(template_prefix__endswith="/parent_link_replaced"), "accord-parental")
    assert [client.get(url).status_code for url in (old_tracking, old_consent)] == [404, 404]
    assert [client.get(url).status_code for url in (tracking, consent)] == [200, 200]


def test_the_page_is_rate_limited_per_address_and_answers_the_same(settings, ask):
    settings.INTAKE_RATES_PER_RECIPIENT = ["2/h"]
    YouthRequestFactory(state=RequestState.ROUTED, email="lea@example.org")

    answers = [ask("lea@example.org").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 200]
    assert OutboundEmail.objects.filter(to="lea@example.org").count() == 2


def test_an_invalid_address_is_refused_with_the_form(client):
    response = client.post(URL, {"email": "not-an-address"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"]


def test_the_new_link_is_sent_through_the_outbox_in_the_request_s_language(ask):
    request = YouthRequestFactory(state=RequestState.ROUTED, email="sam@example.org", language="en")

    ask("sam@example.org")

    email = OutboundEmail.objects.get(to="sam@example.org")
    assert email.language == "en"
    assert email.event_key.startswith(f"youth_request:{request.pk}:link_replaced:")
    assert email.subject == "Your new tracking link"


def test_the_youth_form_and_its_confirmation_point_to_the_page(client):
    assert URL in client.get(reverse("matching:youth_request_create")).content.decode()
    assert URL in client.get(reverse("matching:youth_request_sent")).content.decode()
