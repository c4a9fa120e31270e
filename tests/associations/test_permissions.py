"""Who may open which staff page: the permission matrix over every staff URL, derived from the URL conf.

A URL that is neither listed as public nor given a row in STAFF_URLS makes test_every_url_is_in_the_matrix fail:
a new page cannot ship without saying who may see it. Across associations the answer is a 404, never a 403.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from associations.models import ApiKey, Association
from associations.selectors import token_hash
from associations.services import api_key_revoke
from matching import tokens
from matching.enums import RequestState
from matching.services.webhooks import webhook_subscription_create
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory, api_key_for
from tests.matching.factories import (
    AlertFactory,
    CheckInFactory,
    MentorProfileFactory,
    MentorshipFactory,
    TrainingRegistrationFactory,
    TrainingSessionFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = {
    "home", "healthz", "accounts:language_switch", "matching:youth_request_create", "matching:youth_request_sent",
    "matching:tracking", "matching:tracking_withdraw", "matching:tracking_export", "matching:tracking_erase",
    "matching:parent_consent", "matching:mentor_signup", "matching:dashboard", "associations:invitation_accept",
    "matching:tracking_mentorship_confirm", "matching:tracking_session_feedback", "associations:communes",
    "privacy", "matching:tracking_lost", "matching:mentor_export", "matching:mentor_erase",
    "api:schema", "api:docs",
    "matching:tracking_concern",
    "matching:tracking_reminders", "matching:check_in_answer",
}  # fmt: skip
# name -> (method, who may: "staff" | "admin" | "platform" | "member-home", URL arguments)
STAFF_URLS = {
    "matching:staff_home": ("get", "member-home", {}),
    "matching:request_queue": ("get", "staff", {}),
    "matching:request_bulk": ("post", "staff", {}),
    "matching:request_detail": ("get", "staff", {"pk": "request"}),
    "matching:request_claim": ("post", "staff", {"pk": "request"}),
    "matching:request_contact": ("post", "staff", {"pk": "request"}),
    "matching:request_accept": ("post", "staff", {"pk": "request"}),
    "matching:request_redirect": ("post", "staff", {"pk": "request"}),
    "matching:request_decline": ("post", "staff", {"pk": "request"}),
    "matching:request_note": ("post", "staff", {"pk": "request"}),
    "matching:request_suggestions": ("get", "staff", {"pk": "request"}),
    "matching:request_propose": ("post", "staff", {"pk": "request"}),
    "matching:request_mentorship_confirm": ("post", "staff", {"pk": "request"}),
    "matching:request_mentorship_cancel": ("post", "staff", {"pk": "request"}),
    "matching:request_mentorship_step": ("post", "staff", {"pk": "request", "step": "pause"}),
    "matching:mentor_queue": ("get", "staff", {}),
    "matching:pair_list": ("get", "staff", {}),
    "matching:batch_preview": ("get", "staff", {}),
    "matching:mentor_detail": ("get", "staff", {"pk": "mentor"}),
    "matching:mentor_step": ("post", "staff", {"pk": "mentor", "step": "contact"}),
    "matching:mentor_note": ("post", "staff", {"pk": "mentor"}),
    "matching:association_dashboard": ("get", "staff", {}),
    "matching:association_export": ("get", "staff", {"kind": "demandes"}),
    "matching:training_list": ("get", "staff", {}),
    "matching:training_create": ("get", "staff", {}),
    "matching:training_detail": ("get", "staff", {"pk": "training"}),
    "matching:training_update": ("get", "staff", {"pk": "training"}),
    "matching:training_cancel": ("post", "staff", {"pk": "training"}),
    "matching:training_attendance": ("post", "staff", {"pk": "registration"}),
    "matching:alert_queue": ("get", "staff", {}),
    "matching:alert_detail": ("get", "staff", {"pk": "alert"}),
    "matching:alert_claim": ("post", "staff", {"pk": "alert"}),
    "matching:alert_note": ("post", "staff", {"pk": "alert"}),
    "matching:alert_resolve": ("post", "staff", {"pk": "alert"}),
    "associations:settings": ("get", "admin", {}),
    "associations:team": ("get", "admin", {}),
    "associations:weights": ("get", "admin", {}),
    "associations:membership_delete": ("post", "admin", {"pk": "membership"}),
    "associations:access_log": ("get", "admin", {}),
    "associations:api_keys": ("get", "admin", {}),
    "associations:api_key_revoke": ("post", "admin", {"pk": "api_key"}),
    "matching:webhook_list": ("get", "admin", {}),
    "matching:webhook_detail": ("get", "admin", {"pk": "subscription"}),
    "matching:webhook_delete": ("post", "admin", {"pk": "subscription"}),
    "matching:webhook_test": ("post", "admin", {"pk": "subscription"}),
    "matching:platform_overview": ("get", "platform", {}),
    "matching:platform_dashboard": ("get", "platform", {}),
    "matching:platform_target_set": ("post", "platform", {}),
    "matching:unrouted_queue": ("get", "platform", {}),
    "matching:unrouted_request_reroute": ("post", "platform", {"pk": "unrouted_request"}),
    "matching:unrouted_request_decline": ("post", "platform", {"pk": "unrouted_request"}),
    "matching:unrouted_mentor_reroute": ("post", "platform", {"pk": "unrouted_mentor"}),
    "matching:mentor_answer": ("post", "proposed-mentor", {"pk": "mentorship"}),
    "matching:mentor_session_log": ("post", "proposed-mentor", {"pk": "mentorship"}),
    "matching:mentor_goal": ("post", "proposed-mentor", {"pk": "mentorship"}),
    "matching:mentor_training_register": ("post", "mentor-of-a", {"pk": "training"}),
    "matching:mentor_training_unregister": ("post", "mentor-of-a", {"pk": "training"}),
    "matching:mentor_training_ics": ("get", "mentor-of-a", {"pk": "training"}),
    "matching:mentor_concern": ("post", "proposed-mentor", {}),
    "matching:mentor_check_in": ("get", "proposed-mentor", {"pk": "check_in"}),
    "accounts:email_preferences": ("get", "member-home", {}),
}
ROLES = ["anonymous", "youth", "mentor", "coordinator_a", "admin_a", "coordinator_b", "platform_admin"]
ALLOWED = {
    "staff": {"coordinator_a", "admin_a"},
    "admin": {"admin_a"},
    "platform": {"platform_admin"},
    "member-home": {"mentor", "coordinator_a", "admin_a", "coordinator_b", "platform_admin"},
    "proposed-mentor": {"mentor"},
    "mentor-of-a": {"mentor"},
}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if (
                pattern.namespace == "admin"
                or (pattern.app_name or "").startswith("allauth")
                or pattern.urlconf_name in ("allauth.urls",)
            ):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.name.startswith(("account_", "mfa_")):
            yield f"{namespace}{pattern.name}"


# The REST API (/api/v1/, a key per association): name -> (method, URL arguments). Its own matrix below.
API_URLS = {
    "api:request-list": ("get", {}),
    "api:request-detail": ("get", {"pk": "request"}),
    "api:request-claim": ("post", {"pk": "request"}),
    "api:request-contact": ("post", {"pk": "request"}),
    "api:request-accept": ("post", {"pk": "request"}),
    "api:request-redirect": ("post", {"pk": "request"}),
    "api:request-decline": ("post", {"pk": "request"}),
    "api:mentor-list": ("get", {}),
    "api:mentor-detail": ("get", {"pk": "mentor"}),
    "api:mentor-contact": ("post", {"pk": "mentor"}),
    "api:mentor-interview": ("post", {"pk": "mentor"}),
    "api:mentor-check": ("post", {"pk": "mentor"}),
    "api:mentor-train": ("post", {"pk": "mentor"}),
    "api:mentor-activate": ("post", {"pk": "mentor"}),
    "api:mentor-pause": ("post", {"pk": "mentor"}),
    "api:mentor-reject": ("post", {"pk": "mentor"}),
    "api:mentorship-list": ("get", {}),
    "api:mentorship-detail": ("get", {"pk": "mentorship"}),
    "api:mentorship-sessions": ("get", {"pk": "mentorship"}),
}


def test_every_url_is_in_the_matrix():
    names = set(url_names())
    unlisted = names - PUBLIC_URLS - set(STAFF_URLS) - set(API_URLS)
    assert not unlisted, f"add these URLs to STAFF_URLS or PUBLIC_URLS: {sorted(unlisted)}"
    assert not (set(STAFF_URLS) - names), "the matrix lists URLs that no longer exist"
    assert not (set(API_URLS) - names), "the API matrix lists URLs that no longer exist"


@pytest.fixture
def cast(client):
    association_a = AssociationFactory(slug="a", departments=["75"])
    association_b = AssociationFactory(slug="b", departments=["69"])
    coordinator_a = StaffMembershipFactory(association=association_a).user
    admin_membership = StaffMembershipFactory(association=association_a, admin=True)
    coordinator_b = StaffMembershipFactory(association=association_b).user
    youth_request = YouthRequestFactory(state=RequestState.ROUTED, association=association_a)
    objects = {
        "request": youth_request.pk,
        "mentor": MentorProfileFactory(association=association_a).pk,
        "membership": StaffMembershipFactory(association=association_a).pk,
        "unrouted_request": YouthRequestFactory(state=RequestState.UNROUTED).pk,
        "unrouted_mentor": MentorProfileFactory(association=None).pk,
    }
    mentor = MentorProfileFactory(association=association_a)
    objects["mentorship"] = MentorshipFactory(association=association_a, mentor=mentor).pk
    objects["api_key"] = ApiKey.objects.get(key_hash=token_hash(api_key_for(association_a))).pk
    objects["subscription"] = webhook_subscription_create(
        association=association_a, by=admin_membership.user, url="https://crm.example.org/", events=["request.routed"]
    ).pk
    training = TrainingSessionFactory(association=association_a)
    objects["training"] = training.pk
    objects["registration"] = TrainingRegistrationFactory(session=training).pk
    objects["alert"] = AlertFactory(mentorship__association=association_a).pk
    objects["check_in"] = CheckInFactory(
        mentorship__under_way=True, mentorship__association=association_a, mentorship__mentor=mentor, mentor=True
    ).pk
    users = {
        "anonymous": None,
        "youth": None,
        "mentor": mentor.user,
        "coordinator_a": coordinator_a,
        "admin_a": admin_membership.user,
        "coordinator_b": coordinator_b,
        "platform_admin": UserFactory(platform_admin=True),
    }
    return {"objects": objects, "users": users, "tracking": tokens.tracking_token(youth_request.public_id)}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_url_permissions(client, cast, who, name):
    method, level, arguments = STAFF_URLS[name]
    kwargs = {key: cast["objects"].get(value, value) for key, value in arguments.items()}
    if level in ("staff", "admin"):
        kwargs["association"] = "a"
    url = reverse(name, kwargs=kwargs)
    if who == "youth":
        client.get(reverse("matching:tracking", args=[cast["tracking"]]))  # holds a tracking link, no account
    elif cast["users"][who] is not None:
        client.force_login(cast["users"][who])

    response = getattr(client, method)(url)

    if who in ("anonymous", "youth"):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif who in ALLOWED[level]:
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["no key", "revoked key of a", "key of b", "read-only key of a", "key of a"])
@pytest.mark.parametrize("name", sorted(API_URLS))
def test_api_url_permissions(cast, who, name):
    """Without a valid key: 401. With another association's key: 404 for a's ids, nothing of a in lists. With a
    read-only key: reads only (403 on writes)."""
    method, arguments = API_URLS[name]
    url = reverse(name, kwargs={key: cast["objects"][value] for key, value in arguments.items()})
    client = APIClient()
    association_a = AssociationFactory(slug="a")
    if who != "no key":
        association = AssociationFactory(slug="b") if who == "key of b" else association_a
        token = api_key_for(association, read_only=who.startswith("read-only"))
        if who.startswith("revoked"):
            key = ApiKey.objects.get(key_hash=token_hash(token))
            api_key_revoke(key=key, by=key.created_by)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = getattr(client, method)(url, {}, format="json") if method == "post" else client.get(url)

    if who in ("no key", "revoked key of a"):
        assert response.status_code == 401
    elif who == "key of b":
        if arguments:
            assert response.status_code == 404
        else:
            assert response.status_code == 200
            assert response.json()["results"] == []
    elif who.startswith("read-only") and method == "post":
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 400, 409), response.content
    assert response["Content-Type"] in ("application/json", "application/problem+json")


def test_staff_of_b_cannot_reach_a_request_of_a_through_their_own_association(client, cast):
    client.force_login(cast["users"]["coordinator_b"])
    url = reverse("matching:request_detail", kwargs={"association": "b", "pk": cast["objects"]["request"]})
    assert client.get(url).status_code == 404


def test_bulk_actions_ignore_ids_of_another_association(client, cast):
    other = YouthRequestFactory(state=RequestState.ROUTED, association=AssociationFactory(slug="c"))
    client.force_login(cast["users"]["coordinator_a"])

    client.post(reverse("matching:request_bulk", kwargs={"association": "a"}), {"action": "claim", "ids": [other.pk]})

    other.refresh_from_db()
    assert other.state == RequestState.ROUTED


GARBAGE = ["²", "-1", "9" * 30, "", "1:²", "²:1", "0x10", "2028-02-30", "\x00"]
FIELDS = [
    "ids", "mentor", "goal", "pair", "answer", "reason", "to", "status", "text", "note", "held_on", "duration_hours",
    "mode", "topics", "ok", "checked_on", "trained_on", "trainer", "outcome", "channel", "action", "decision",
    "attended", "starts_at", "duration_minutes", "place", "remote_link", "seats",
    "kind", "mentorship",
]  # fmt: skip
POST_URLS = sorted(name for name, (method, _level, _args) in STAFF_URLS.items() if method == "post")
PREFIXES = [
    "", "contact-", "check-", "train-", "reject-", "pause-", "resume-", "complete-", "end-", "session-1-", "resolve-",
    "concern-",
]  # fmt: skip


@pytest.mark.parametrize("value", GARBAGE)
@pytest.mark.parametrize("name", POST_URLS)
def test_no_post_of_garbage_ends_in_a_server_error(client, cast, name, value):
    """Whatever is posted to an action, by the person allowed to do it, the answer is a page or a message."""
    _method, level, arguments = STAFF_URLS[name]
    kwargs = {key: cast["objects"].get(arg, arg) for key, arg in arguments.items()}
    if level in ("staff", "admin"):
        kwargs["association"] = "a"
    who = next(iter(sorted(ALLOWED[level] - {"mentor"}))) if "mentor" not in level else "mentor"
    client.force_login(cast["users"][who])
    data = {f"{prefix}{field}": [value] for prefix in PREFIXES for field in FIELDS}

    response = client.post(reverse(name, kwargs=kwargs), data)

    assert response.status_code < 500


LINK_POSTS = {
    "matching:tracking_withdraw": {},
    "matching:tracking_reminders": {},
    "matching:tracking_mentorship_confirm": {},
    "matching:tracking_session_feedback": {"session": 1},
    "matching:tracking_concern": {},
    "matching:tracking_erase": {},
    "matching:parent_consent": {},
}


@pytest.mark.parametrize("value", GARBAGE)
@pytest.mark.parametrize("name", sorted(LINK_POSTS))
def test_no_post_of_garbage_through_a_youth_s_or_parent_s_link_ends_in_a_server_error(client, cast, name, value):
    request = YouthRequestFactory(state=RequestState.ROUTED)
    if name == "matching:parent_consent":
        token = tokens.parent_consent_token(request.parent_public_id)
    else:
        token = tokens.tracking_token(request.public_id)
    data = {f"{prefix}{field}": [value] for prefix in PREFIXES for field in FIELDS}

    response = client.post(reverse(name, kwargs={"token": token, **LINK_POSTS[name]}), data)

    assert response.status_code < 500


# Public pages and how to reach them: those with personal data answer no-store like every staff page.
PUBLIC_PAGES = {
    "home": {},
    "healthz": {},
    "privacy": {},
    "matching:tracking_lost": {},
    "accounts:language_switch": {},
    "matching:youth_request_create": {},
    "matching:youth_request_sent": {},
    "matching:tracking": {"token": "tracking"},
    "matching:tracking_withdraw": {"token": "tracking"},
    "matching:tracking_export": {"token": "tracking"},
    "matching:tracking_erase": {"token": "tracking"},
    "matching:tracking_mentorship_confirm": {"token": "tracking"},
    "matching:tracking_session_feedback": {"token": "tracking", "session": 1},
    "matching:parent_consent": {"token": "parent"},
    "matching:mentor_signup": {},
    "matching:dashboard": {},
    "matching:mentor_export": {},
    "matching:mentor_erase": {},
    "associations:invitation_accept": {"token": "nope"},
    "api:schema": {},
    "api:docs": {},
    "matching:tracking_concern": {"token": "tracking"},
    "matching:tracking_reminders": {"token": "tracking"},
    "matching:check_in_answer": {"token": "nope"},
}
# Public and the same for everyone (no personal data): cached by their view.
CACHEABLE = {"associations:communes"}


def test_every_url_says_whether_it_may_be_stored():
    assert set(PUBLIC_PAGES) | CACHEABLE == PUBLIC_URLS


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_every_staff_page_is_answered_no_store(client, cast, name):
    method, level, arguments = STAFF_URLS[name]
    kwargs = {key: cast["objects"].get(value, value) for key, value in arguments.items()}
    if level in ("staff", "admin"):
        kwargs["association"] = "a"
    who = sorted(ALLOWED[level])[0]
    client.force_login(cast["users"][who])

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_every_public_page_is_answered_no_store(client, cast, name, method):
    request = YouthRequestFactory(state=RequestState.ROUTED, parent_email="parent@example.org")
    values = {
        "tracking": tokens.tracking_token(request.public_id),
        "parent": tokens.parent_consent_token(request.parent_public_id),
    }
    kwargs = {key: values.get(value, value) for key, value in PUBLIC_PAGES[name].items()}
    client.force_login(cast["users"]["mentor"])

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    assert "no-store" in response.headers["Cache-Control"]


def test_staff_of_b_cannot_reach_a_training_session_of_a_through_their_own_association(client, cast):
    client.force_login(cast["users"]["coordinator_b"])
    training = cast["objects"]["training"]
    for name in ("matching:training_detail", "matching:training_update"):
        assert client.get(reverse(name, kwargs={"association": "b", "pk": training})).status_code == 404
    response = client.post(reverse("matching:training_cancel", kwargs={"association": "b", "pk": training}))
    assert response.status_code == 404


def test_a_mentor_of_b_cannot_register_to_a_session_of_a(client, cast):
    mentor_b = MentorProfileFactory(checked=True, association=Association.objects.get(slug="b"))
    client.force_login(mentor_b.user)

    response = client.post(reverse("matching:mentor_training_register", kwargs={"pk": cast["objects"]["training"]}))

    assert response.status_code == 404
    assert not mentor_b.training_registrations.exists()
