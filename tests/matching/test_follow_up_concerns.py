"""Concerns: the youth's, from their tracking link, reach the association's coordinators as an urgent alert and never
the mentor; the mentor's question or concern, from Mon espace, reaches the association."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OutboundEmail
from matching import tokens
from matching.enums import Actor, AlertKind, ConcernKind, MentorshipState
from matching.models import Alert, Concern, Mentorship
from matching.services.follow_up_alerts import concern_raise
from mentoring.errors import DomainError
from tests.associations.factories import StaffMembershipFactory
from tests.matching.factories import MentorshipFactory, YouthRequestFactory

pytestmark = pytest.mark.django_db

WORDS = "Mon mentor me met mal à l'aise quand il insiste pour me voir seul."


@pytest.fixture
def mentorship():
    mentorship = MentorshipFactory(under_way=True, mentor__user__email="mentor@example.org")
    StaffMembershipFactory(association=mentorship.association, user__email="coord@example.org")
    StaffMembershipFactory(association=mentorship.association, admin=True, user__email="admin@example.org")
    return mentorship


def tracking(request):
    return reverse("matching:tracking", args=[tokens.tracking_token(request.public_id)])


@pytest.fixture
def report(client, django_capture_on_commit_callbacks):
    def report(request, text=WORDS):
        url = reverse("matching:tracking_concern", args=[tokens.tracking_token(request.public_id)])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"text": text}, follow=True)

    return report


def test_a_youth_s_concern_is_an_urgent_alert_e_mailed_to_the_coordinators(mentorship, report):
    response = report(mentorship.request)

    alert = Alert.objects.get()
    assert alert.kind == AlertKind.CONCERN_REPORTED
    assert alert.urgent
    assert alert.association == mentorship.association
    assert alert.concern.text == WORDS
    assert alert.concern.author == Actor.YOUTH
    assert [message.to for message in mail.outbox] == [["coord@example.org"]]
    assert mail.outbox[0].subject.startswith("[Urgent]")
    assert "a bien été reçu" in response.content.decode()


def test_the_youth_sees_their_concern_was_received(client, mentorship, report):
    report(mentorship.request)

    content = client.get(tracking(mentorship.request)).content.decode()

    assert "a bien été reçu par l'association" in content


def test_a_concern_never_reaches_the_mentor(client, mentorship, report):
    report(mentorship.request)

    client.force_login(mentorship.mentor.user)
    dashboard = client.get(reverse("matching:dashboard")).content.decode()
    assert WORDS not in dashboard
    assert "inquiétude" not in dashboard.split("Écrire à mon association")[0]  # not in the pairings' part
    assert not [message for message in mail.outbox if "mentor@example.org" in message.to]
    assert not OutboundEmail.objects.filter(to="mentor@example.org").exists()
    assert not any(WORDS in message.body for message in mail.outbox)  # the text stays on the platform


def test_the_coordinator_reads_the_concern_on_the_alert_page(client, mentorship, report):
    report(mentorship.request)
    alert = Alert.objects.get()
    client.force_login(mentorship.association.memberships.get(role="coordinator").user)

    response = client.get(
        reverse("matching:alert_detail", kwargs={"association": mentorship.association.slug, "pk": alert.pk})
    )

    assert WORDS.replace("'", "&#x27;") in response.content.decode()


def test_a_request_no_association_follows_yet_cannot_send_a_concern(report):
    request = YouthRequestFactory()

    response = report(request)

    assert not Concern.objects.exists()
    assert "Aucune association ne suit encore cette demande" in response.content.decode()


def test_an_empty_concern_is_refused(mentorship, report):
    report(mentorship.request, text="   ")

    assert not Concern.objects.exists()


def test_the_youth_s_concerns_are_in_their_export_and_go_with_their_erasure(client, mentorship, report):
    report(mentorship.request)
    token = tokens.tracking_token(mentorship.request.public_id)

    export = json.loads(client.get(reverse("matching:tracking_export", args=[token])).content)
    client.post(reverse("matching:tracking_erase", args=[token]))

    assert [concern["text"] for concern in export["concerns"]] == [WORDS]
    assert not Concern.objects.exists()
    assert not Alert.objects.exists()


@pytest.fixture
def write(client, django_capture_on_commit_callbacks):
    def write(mentorship, kind, about=True, by=None):
        client.force_login(by or mentorship.mentor.user)
        data = {"concern-kind": kind, "concern-text": "Comment aborder son stage ?"}
        if about:
            data["concern-mentorship"] = mentorship.pk
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("matching:mentor_concern"), data, follow=True)

    return write


def test_a_mentor_s_question_goes_to_the_referent(mentorship, write):
    referent = StaffMembershipFactory(association=mentorship.association, user__email="referent@example.org").user
    mentorship.referent = referent
    mentorship.save()

    response = write(mentorship, ConcernKind.QUESTION)

    alert = Alert.objects.get()
    assert alert.kind == AlertKind.MENTOR_QUESTION
    assert not alert.urgent
    assert alert.mentorship == mentorship
    assert [message.to for message in mail.outbox] == [["referent@example.org"]]
    assert "Votre message est transmis" in response.content.decode()


def test_a_mentor_s_concern_is_urgent_and_reaches_the_coordinators(mentorship, write):
    write(mentorship, ConcernKind.CONCERN, about=False)

    alert = Alert.objects.get()
    assert alert.kind == AlertKind.MENTOR_CONCERN
    assert alert.urgent
    assert alert.mentorship is None
    assert alert.mentor == mentorship.mentor
    assert [message.to for message in mail.outbox] == [["coord@example.org"]]


def test_a_mentor_cannot_write_about_another_s_pairing(mentorship, write):
    other = MentorshipFactory(under_way=True, association=mentorship.association)

    response = write(other, ConcernKind.QUESTION, by=mentorship.mentor.user)  # the form offers their own only

    assert response.status_code == 200
    assert not Alert.objects.exists()


def test_a_pairing_closed_since_the_mentor_opened_the_page_is_refused_with_why(mentorship):
    stale = Mentorship.objects.get(pk=mentorship.pk)  # as the service receives it from the page
    Mentorship.objects.filter(pk=mentorship.pk).update(state=MentorshipState.ENDED_EARLY)

    with pytest.raises(DomainError) as refused:
        concern_raise(by=mentorship.mentor.user, kind=ConcernKind.QUESTION, text="Et maintenant ?", mentorship=stale)

    assert refused.value.code == "not_under_way"
    assert not Alert.objects.exists()
    assert not Concern.objects.exists()
