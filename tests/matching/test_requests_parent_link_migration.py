"""The migrations that give the parent's consent link an id of its own: the links already sent keep working."""

import pytest
from django.urls import reverse

from matching import tokens
from tests.matching.migrations import association_and_mentor, migrate, migrate_to_latest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("latest_schema_after")]

BEFORE = [("matching", "0026_unaccent_extension")]
AFTER = [("matching", "0029_youthrequest_parent_public_id_unique")]


def test_a_consent_link_sent_before_the_migration_still_opens_the_parent_s_page(client):
    apps = migrate(BEFORE)
    YouthRequest = apps.get_model("matching", "YouthRequest")
    _, _, request_fields = association_and_mentor(apps)
    request_fields |= {"state": "awaiting_parent_consent", "association": None, "parent_email": "p@example.org"}
    sent = [YouthRequest.objects.create(email=f"y{n}@example.org", **request_fields) for n in range(2)]
    links = [reverse("matching:parent_consent", args=[tokens.parent_consent_token(r.public_id)]) for r in sent]

    try:
        YouthRequest = migrate(AFTER).get_model("matching", "YouthRequest")
        ids = {r.pk: (r.public_id, r.parent_public_id) for r in YouthRequest.objects.all()}
    finally:
        migrate_to_latest()

    assert all(parent_id == public_id for public_id, parent_id in ids.values())
    assert [client.get(link).status_code for link in links] == [200, 200]


def test_requests_written_by_the_previous_code_between_the_steps_keep_their_consent_links():
    apps = migrate([("matching", "0028_youthrequest_parent_public_id_fill")])
    YouthRequest = apps.get_model("matching", "YouthRequest")
    _, _, request_fields = association_and_mentor(apps)
    late = [YouthRequest.objects.create(email=f"late{n}@example.org", **request_fields) for n in range(2)]
    assert [r.parent_public_id for r in late] == [None, None]  # as the previous code writes them

    try:
        YouthRequest = migrate(AFTER).get_model("matching", "YouthRequest")
        ids = [(r.public_id, r.parent_public_id) for r in YouthRequest.objects.order_by("pk")]
    finally:
        migrate_to_latest()

    assert ids == [(r.public_id, r.public_id) for r in late]
