"""Redirecting a request to another association: the checks of routing, the decision kept, each team's notes its own,
the alerts and concerns about the youth with the request."""

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from matching.enums import AlertKind, AlertState, ContactChannel, ContactOutcome, RequestState, RoutingTrigger
from matching.models import Alert, Concern
from matching.services.follow_up_alerts import alert_claim, concern_report
from matching.services.review import request_claim, request_contact_log, request_note_add, request_redirect
from mentoring.errors import DomainError
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import AlertFactory, YouthRequestFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])


@pytest.fixture
def staff_a(paris):
    return StaffMembershipFactory(association=paris, user__email="nadia@example.org").user


def routed(association, age=17, **kwargs):
    """A request routed to ``association``, of a youth of ``age`` (Paris, orientation, remote: factory defaults)."""
    return YouthRequestFactory(routed=True, association=association, birth_date=birth_date_for_age(age), **kwargs)


def target(**kwargs):
    defaults = {"slug": "cible", "name": "Cap Cible", "departments": ["75"], "axes": ["education", "employment"]}
    return AssociationFactory(**{**defaults, **kwargs})


REFUSED = [
    # (what the target is like, what the youth is like, the failed check, its words)
    ({"departments": ["69"]}, {}, "territory", "ne couvre pas le département 75"),
    ({"departments": [], "remote_national": True}, {"meeting_modes": ["home"]}, "territory", "ne couvre pas"),
    ({"axes": ["employment"]}, {}, "axis", "n'accompagne pas ce besoin"),
    ({"max_age": 24}, {"age": 25}, "age", "n'accompagne pas les jeunes de 25 ans"),
    ({"takes_minors": False}, {"age": 16}, "minors", "n'accompagne pas de mineurs"),
    ({"intake_capacity": 1}, {}, "capacity", "est complète (1/1)"),
]


@pytest.mark.parametrize(
    ("association", "youth", "check", "words"), REFUSED, ids=[r[2] + str(i) for i, r in enumerate(REFUSED)]
)
def test_a_redirect_failing_a_check_of_routing_is_refused_with_the_reason(
    paris, staff_a, association, youth, check, words
):
    to = target(**association)
    if check == "capacity":
        routed(to)  # the target's only place is taken
    request = routed(paris, **youth)

    with pytest.raises(DomainError) as refused:
        request_redirect(request=request, to=to, by=staff_a, note="Mieux placée")

    assert refused.value.code == f"redirect_{check}"
    assert "Cap Cible ne peut pas recevoir cette demande" in str(refused.value.message)
    assert words in str(refused.value.message)
    request.refresh_from_db()
    assert (request.association, request.state) == (paris, RequestState.ROUTED)
    assert not request.routing_decisions.exists()


def test_a_redirect_passing_every_check_is_kept_with_its_decision(paris, staff_a):
    to = target(departments=[], remote_national=True, takes_minors=True)
    request = routed(paris, age=16)

    request_redirect(request=request, to=to, by=staff_a, note="Accompagnement à distance")

    request.refresh_from_db()
    assert (request.association, request.state) == (to, RequestState.ROUTED)
    decision = request.routing_decisions.get()
    assert (decision.trigger, decision.association) == (RoutingTrigger.REDIRECT, to)
    assert [candidate["name"] for candidate in decision.candidates] == ["Cap Cible"]
    assert decision.candidates[0]["eligible"]


def test_a_refused_redirect_through_the_page_says_why(client, paris, staff_a):
    to = target(departments=["69"])
    request = routed(paris)
    client.force_login(staff_a)

    response = client.post(
        reverse("matching:request_redirect", kwargs={"association": "paris", "pk": request.pk}),
        {"to": to.pk, "note": "Mieux placée"},
        follow=True,
    )

    assert "ne couvre pas le département 75" in response.content.decode()
    request.refresh_from_db()
    assert request.association == paris


@pytest.fixture
def redirected(paris, staff_a):
    """A request noted by Paris's team, then redirected to Lyon, which notes it too."""
    lyon = target(slug="lyon", name="Cap Lyon")
    request = routed(paris)
    request_note_add(request=request, by=staff_a, text="Note interne de Paris")
    request_claim(request=request, by=staff_a)
    request_contact_log(
        request=request, by=staff_a, channel=ContactChannel.PHONE, outcome=ContactOutcome.NO_ANSWER,
        note="Contact noté par Paris",
    )  # fmt: skip
    request_redirect(request=request, to=lyon, by=staff_a, note="Mieux placée pour ce besoin")
    staff_b = StaffMembershipFactory(association=lyon).user
    request.refresh_from_db()
    request_note_add(request=request, by=staff_b, text="Note interne de Lyon")
    return request, staff_b


def test_the_receiving_team_sees_its_notes_not_the_senders(client, redirected):
    request, staff_b = redirected
    client.force_login(staff_b)

    page = client.get(reverse("matching:request_detail", kwargs={"association": "lyon", "pk": request.pk}))

    content = page.content.decode()
    assert "Note interne de Lyon" in content
    assert "Note interne de Paris" not in content
    assert "Contact noté par Paris" not in content  # Paris's contact attempts stay with Paris
    assert "Visibles seulement par l'équipe de Cap Lyon" in content
    assert "Mieux placée pour ce besoin" in content  # the reason of the redirection is for them
    assert "réorientation par une association" in content


def test_the_sending_team_no_longer_sees_the_request(client, redirected, staff_a):
    request, _staff_b = redirected
    client.force_login(staff_a)

    page = client.get(reverse("matching:request_detail", kwargs={"association": "paris", "pk": request.pk}))

    assert page.status_code == 404


@pytest.fixture
def redirected_with_alerts(paris, staff_a, django_capture_on_commit_callbacks):
    """A request routed to Paris, with the youth's concern (claimed by Paris's team) and an alert about Paris's
    delay, then redirected to Lyon, whose coordinator is e-mailed."""
    lyon = target(slug="lyon", name="Cap Lyon")
    coordinator_b = StaffMembershipFactory(association=lyon, user__email="lyon@example.org").user
    request = routed(paris, first_name="Inès")
    concern = concern_report(request=request, text="Je ne me sens pas en sécurité chez moi")
    alert_claim(alert=Alert.objects.get(concern=concern), by=staff_a)
    untouched = AlertFactory(
        mentorship=None, request=request, mentor=None, association=paris, kind=AlertKind.REQUEST_UNTOUCHED
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_redirect(request=request, to=lyon, by=staff_a, note="Mieux placée")
    return request, concern, untouched, coordinator_b


def test_a_redirected_request_s_alerts_and_concerns_go_with_it(client, redirected_with_alerts, staff_a):
    _request, concern, untouched, coordinator_b = redirected_with_alerts
    concern_alert = Alert.objects.get(concern=concern)
    untouched.refresh_from_db()

    assert concern_alert.association.slug == "lyon"
    assert concern_alert.state == AlertState.OPEN  # nobody at Lyon has taken it on yet
    assert concern_alert.claimed_by is None
    assert Concern.objects.get(pk=concern.pk).association.slug == "lyon"
    assert untouched.state == AlertState.RESOLVED  # Paris's delay is moot at Lyon
    assert untouched.notes.get().text == "Demande réorientée vers Cap Lyon."
    assert OutboundEmail.objects.filter(to="lyon@example.org", template_prefix__contains="alert").exists()

    client.force_login(coordinator_b)
    queue = client.get(reverse("matching:alert_queue", kwargs={"association": "lyon"})).content.decode()
    assert "Inès" in queue
    detail = reverse("matching:alert_detail", kwargs={"association": "lyon", "pk": concern_alert.pk})
    assert "Je ne me sens pas en sécurité" in client.get(detail).content.decode()


def test_the_association_it_left_keeps_only_the_history_of_what_it_dealt_with(client, redirected_with_alerts, staff_a):
    _request, concern, untouched, _coordinator_b = redirected_with_alerts
    client.force_login(staff_a)

    assert "Inès" not in client.get(reverse("matching:alert_queue", kwargs={"association": "paris"})).content.decode()
    moved = reverse(
        "matching:alert_detail", kwargs={"association": "paris", "pk": Alert.objects.get(concern=concern).pk}
    )
    assert client.get(moved).status_code == 404
    untouched.refresh_from_db()
    assert untouched.association.slug == "paris"  # resolved there, in Paris's history


def test_a_request_that_comes_back_brings_its_urgent_alert_to_the_first_team_again(
    redirected_with_alerts, paris, staff_a, django_capture_on_commit_callbacks
):
    request, concern, _untouched, coordinator_b = redirected_with_alerts
    request.refresh_from_db()
    OutboundEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        request_redirect(request=request, to=paris, by=coordinator_b, note="Retour")

    alert = Alert.objects.get(concern=concern)
    assert (alert.association, alert.state) == (paris, AlertState.OPEN)
    assert OutboundEmail.objects.filter(to=staff_a.email, template_prefix__contains="alert").exists()
