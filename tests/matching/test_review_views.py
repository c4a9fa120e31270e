"""The staff pages: filters, search, SLA badges, htmx partials, actions through the views; query counts pinned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from matching.enums import DeclineReason, MentorshipState, MentorState, RequestState
from matching.services.pairing import mentorship_propose
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory(slug="paris", departments=["75"])


@pytest.fixture
def coordinator(client, association):
    user = StaffMembershipFactory(association=association).user
    client.force_login(user)
    return user


def queue(client, **params):
    return client.get(reverse("matching:request_queue", kwargs={"association": "paris"}), params)


def routed(association, days_ago=1, **kwargs):
    return YouthRequestFactory(
        routed=True, association=association, routed_at=timezone.now() - timedelta(days=days_ago), **kwargs
    )


def names(response):
    return [item.first_name for item in response.context["page"]]


def test_queue_lists_the_oldest_first_with_sla_badges(client, coordinator, association):
    routed(association, days_ago=2, first_name="Recent")
    routed(association, days_ago=9, first_name="Amber")
    routed(association, days_ago=20, first_name="Red")

    response = queue(client)

    assert names(response) == ["Red", "Amber", "Recent"]
    assert [item.sla for item in response.context["page"]] == ["red", "amber", ""]
    content = response.content.decode()
    assert "+ de 14 jours" in content
    assert "+ de 7 jours" in content


def test_queue_filters(client, coordinator, association):
    routed(association, first_name="Minor", birth_date=birth_date_for_age(15))
    routed(association, first_name="Adult", birth_date=birth_date_for_age(22), axis="employment", need="first_job")
    mine = routed(association, first_name="Mine", birth_date=birth_date_for_age(20))
    mine.state, mine.claimed_by = RequestState.IN_REVIEW, coordinator
    mine.save()

    assert names(queue(client, minors="yes")) == ["Minor"]
    assert set(names(queue(client, minors="no"))) == {"Adult", "Mine"}
    assert names(queue(client, axis="employment")) == ["Adult"]
    assert names(queue(client, claimed="mine")) == ["Mine"]
    assert set(names(queue(client, claimed="unclaimed"))) == {"Minor", "Adult"}
    assert names(queue(client, state="in_review")) == ["Mine"]


def test_queue_search_by_name_or_email(client, coordinator, association):
    routed(association, first_name="Yanis", last_name="Benali", email="yanis@example.org")
    routed(association, first_name="Léa", last_name="Martin", email="lea@example.org")

    assert names(queue(client, q="benali")) == ["Yanis"]
    assert names(queue(client, q="lea@exa")) == ["Léa"]


def test_queue_never_shows_another_associations_requests(client, coordinator, association):
    routed(association, first_name="Ours")
    routed(AssociationFactory(slug="lyon"), first_name="Theirs")
    assert names(queue(client)) == ["Ours"]


def test_htmx_request_gets_only_the_results(client, coordinator, association):
    routed(association)
    response = client.get(
        reverse("matching:request_queue", kwargs={"association": "paris"}), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "queue-count" in content
    assert "<html" not in content


def test_queue_is_paginated(client, coordinator, association):
    for n in range(30):
        routed(association, first_name=f"P{n}")
    first = queue(client)
    second = queue(client, page=2)
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


@pytest.mark.parametrize("rows", [5, 40])
def test_queue_query_count_does_not_grow_with_rows(client, coordinator, association, django_assert_num_queries, rows):
    for _ in range(rows):
        request = routed(association)
        request.claimed_by = coordinator
        request.state = RequestState.IN_REVIEW
        request.save()
    # session, user, memberships, count, page, the navigation's alert counts
    with django_assert_num_queries(6):
        assert queue(client).status_code == 200


@pytest.mark.parametrize("rows", [5, 40])
@pytest.mark.parametrize("params", [{"q": "Nom 1"}, {"minors": "yes", "axis": "education"}])
def test_filtered_queue_query_count_does_not_grow_with_rows(
    client, coordinator, association, django_assert_num_queries, rows, params
):
    for n in range(rows):
        routed(association, last_name=f"Nom {n}", birth_date=birth_date_for_age(15 if n % 2 else 22))
    # session, user, memberships, count, page, the navigation's alert counts
    with django_assert_num_queries(6):
        assert queue(client, **params).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_mentor_page_query_count_does_not_grow_with_its_history(
    client, coordinator, association, django_assert_num_queries, rows
):
    mentor = MentorProfileFactory(active=True, association=association)
    for n in range(rows):
        client.post(
            reverse("matching:mentor_note", kwargs={"association": "paris", "pk": mentor.pk}), {"text": f"Note {n}"}
        )
    # session, user, memberships, mentor, its log, notes, routing decisions, its training sessions, the access log's
    # entry, the navigation's alert counts
    with django_assert_num_queries(10):
        assert client.get(reverse("matching:mentor_detail", args=["paris", mentor.pk])).status_code == 200


@pytest.mark.parametrize("rows", [5, 40])
def test_mentor_queue_query_count(client, coordinator, association, django_assert_num_queries, rows):
    for _ in range(rows):
        MentorProfileFactory(association=association)
    with django_assert_num_queries(6):  # as the request queue
        assert client.get(reverse("matching:mentor_queue", kwargs={"association": "paris"})).status_code == 200


def test_detail_query_count(client, coordinator, association, django_assert_num_queries):
    request = routed(association)
    url = reverse("matching:request_detail", kwargs={"association": "paris", "pk": request.pk})
    client.post(reverse("matching:request_claim", kwargs={"association": "paris", "pk": request.pk}))
    for outcome in ("no_answer", "reached"):
        client.post(
            reverse("matching:request_contact", kwargs={"association": "paris", "pk": request.pk}),
            {"channel": "phone", "outcome": outcome},
        )
    client.post(
        reverse("matching:request_note", kwargs={"association": "paris", "pk": request.pk}), {"text": "À suivre"}
    )
    # with the access log's entry, the navigation's alert counts and the check-ins of its mentorships
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "À suivre" in content
    assert "Pas de réponse" in content


def test_claim_then_accept_through_the_views(client, coordinator, association):
    request = routed(association)
    kwargs = {"association": "paris", "pk": request.pk}

    client.post(reverse("matching:request_claim", kwargs=kwargs))
    client.post(reverse("matching:request_contact", kwargs=kwargs), {"channel": "phone", "outcome": "reached"})
    response = client.post(reverse("matching:request_accept", kwargs=kwargs), follow=True)

    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert "La demande est acceptée" in response.content.decode()


def test_decline_without_reason_is_refused_and_explained(client, coordinator, association):
    request = routed(association)
    response = client.post(reverse("matching:request_decline", kwargs={"association": "paris", "pk": request.pk}), {})
    assert response.status_code == 400
    assert "id_reason_error" in response.content.decode() or 'aria-invalid="true"' in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.ROUTED


def test_no_reason_is_chosen_beforehand_in_the_staff_s_lists_of_reasons(client, coordinator, association):
    request = routed(association)
    mentor = MentorProfileFactory(association=association)
    pages = [
        reverse("matching:request_detail", kwargs={"association": "paris", "pk": request.pk}),
        reverse("matching:mentor_detail", kwargs={"association": "paris", "pk": mentor.pk}),
    ]
    for page in pages:
        forms = client.get(page).context
        form = forms["decline_form"] if "decline_form" in forms else forms["forms"]["reject"]
        assert form["reason"].value() in (None, "")
        assert '<option value="" selected>Choisissez un motif</option>' in str(form["reason"])

    response = client.post(
        reverse("matching:mentor_step", kwargs={"association": "paris", "pk": mentor.pk, "step": "reject"}),
        {"reject-note": "Injoignable"},
    )
    assert response.status_code == 400
    assert response.context["forms"]["reject"].errors["reason"] == ["Choisissez un motif."]
    mentor.refresh_from_db()
    assert mentor.state == MentorState.SUBMITTED


def test_the_mentor_page_speaks_of_the_mentor(client, coordinator, association):
    mentor = MentorProfileFactory(association=association)

    page = client.get(reverse("matching:mentor_detail", kwargs={"association": "paris", "pk": mentor.pk}))

    content = page.content.decode()
    assert "Le mentor en reçoit une copie" in content
    assert "Le jeune en reçoit une copie" not in content
    assert "Vous êtes" not in content  # the applicant's words, not the coordinator's


def test_redirect_sends_back_to_the_queue(client, coordinator, association):
    lyon = AssociationFactory(slug="lyon", remote=True)
    request = routed(association)
    response = client.post(
        reverse("matching:request_redirect", kwargs={"association": "paris", "pk": request.pk}),
        {"to": lyon.pk, "note": "Habite à Lyon"},
    )
    assert response.url == reverse("matching:request_queue", kwargs={"association": "paris"})
    request.refresh_from_db()
    assert request.association == lyon


def test_bulk_claim_through_the_view(client, coordinator, association):
    requests = [routed(association) for _ in range(3)]
    client.post(
        reverse("matching:request_bulk", kwargs={"association": "paris"}),
        {"action": "claim", "ids": [r.pk for r in requests[:2]]},
    )
    states = sorted(r.__class__.objects.get(pk=r.pk).state for r in requests)
    assert states == ["in_review", "in_review", "routed"]


def test_bulk_decline_needs_a_reason(client, coordinator, association):
    request = routed(association)
    response = client.post(
        reverse("matching:request_bulk", kwargs={"association": "paris"}),
        {"action": "decline", "ids": [request.pk]},
        follow=True,
    )
    assert "Choisissez le motif" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.ROUTED


def test_bulk_decline_leaves_accepted_requests_alone(client, coordinator, association):
    waiting, accepted = routed(association), YouthRequestFactory(accepted=True, adult=True, association=association)
    mentorship = mentorship_propose(
        request=accepted, mentor=MentorProfileFactory(active=True, association=association), by=coordinator
    )

    client.post(
        reverse("matching:request_bulk", kwargs={"association": "paris"}),
        {"action": "decline", "ids": [waiting.pk, accepted.pk], "reason": DeclineReason.DUPLICATE},
    )

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    mentorship.refresh_from_db()
    assert waiting.state == RequestState.DECLINED
    assert accepted.state == RequestState.ACCEPTED  # declined from its own page, where the proposal is said
    assert mentorship.state == MentorshipState.PROPOSED


def test_mentor_step_through_the_view(client, coordinator, association):
    mentor = MentorProfileFactory(association=association)
    kwargs = {"association": "paris", "pk": mentor.pk}
    client.post(reverse("matching:mentor_step", kwargs={**kwargs, "step": "contact"}))
    client.post(reverse("matching:mentor_step", kwargs={**kwargs, "step": "interview"}))
    response = client.post(
        reverse("matching:mentor_step", kwargs={**kwargs, "step": "check"}),
        {"check-ok": "yes", "check-checked_on": "2999-01-01"},
    )
    assert response.status_code == 400  # a date in the future
    stale = (timezone.localdate() - timedelta(days=184)).isoformat()
    response = client.post(
        reverse("matching:mentor_step", kwargs={**kwargs, "step": "check"}),
        {"check-ok": "yes", "check-checked_on": stale, "check-note": "Vue en entretien"},
    )
    assert response.status_code == 400  # seen more than six months ago: no longer valid
    assert "plus de six mois" in response.context["forms"]["check"].errors["checked_on"][0]
    assert "Vue en entretien" in response.content.decode()  # what was typed is kept
    mentor.refresh_from_db()
    assert mentor.state == MentorState.INTERVIEWED
    client.post(
        reverse("matching:mentor_step", kwargs={**kwargs, "step": "check"}),
        {"check-ok": "yes", "check-checked_on": timezone.localdate().isoformat()},
    )
    mentor.refresh_from_db()
    assert mentor.state == MentorState.CHECKED


def test_suggestions_rank_the_active_mentors_and_explain_the_excluded(
    client, coordinator, association, django_assert_num_queries
):
    request = YouthRequestFactory(accepted=True, adult=True, association=association, sectors=["digital"])
    defaults = {"association": association, "active": True}
    MentorProfileFactory(**defaults, department="75", sectors=["digital"], user__first_name="Best")
    MentorProfileFactory(**defaults, department="69", sectors=["health"], user__first_name="Other")
    MentorProfileFactory(**{**defaults, "languages": ["en"]}, user__first_name="English")
    expired = {**defaults, "background_check_on": timezone.localdate() - timedelta(days=300)}
    MentorProfileFactory(**expired, accepts_minors=True, user__first_name="Expired")
    url = reverse("matching:request_suggestions", kwargs={"association": "paris", "pk": request.pk})

    # session, user, memberships, request, the version of the active mentors (none kept yet) and their arrays, the
    # profiles shown, the navigation's alert counts
    with django_assert_num_queries(8):
        response = client.get(url)

    ranked = response.context["ranked"]
    assert ranked[0][0].first_name == "Best"
    assert "même département" in ranked[0][1].reasons
    excluded = {item.mentor.first_name: item.reason for item in response.context["excluded"]}
    assert excluded["English"] == "aucune langue en commun"
    assert "Expired" not in excluded  # an adult youth: an expired check does not exclude


def test_suggestions_wait_for_an_accepted_request(client, coordinator, association):
    request = routed(association)
    response = client.get(reverse("matching:request_suggestions", kwargs={"association": "paris", "pk": request.pk}))
    assert response.status_code == 302


def test_an_accepted_request_can_be_declined_its_proposal_cancelled(client, coordinator, association):
    request = YouthRequestFactory(accepted=True, adult=True, association=association, email="yanis@example.org")
    mentor = MentorProfileFactory(active=True, association=association, capacity=1)
    mentorship = mentorship_propose(request=request, mentor=mentor, by=coordinator)
    page = reverse("matching:request_detail", kwargs={"association": "paris", "pk": request.pk})
    assert 'id="stop-title"' in client.get(page).content.decode()

    response = client.post(
        reverse("matching:request_decline", kwargs={"association": "paris", "pk": request.pk}),
        {"reason": DeclineReason.UNREACHABLE, "note": "Trois appels sans réponse"},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    mentorship.refresh_from_db()
    mentor.refresh_from_db()
    assert request.state == RequestState.DECLINED
    assert request.closed_at is not None  # purged on the schedule of closed requests
    assert mentorship.state == MentorshipState.CANCELLED
    assert mentorship.transitions.last().by == coordinator
    assert mentor.open_mentorships == 0
    assert OutboundEmail.objects.filter(to="yanis@example.org", template_prefix__endswith="declined").exists()
