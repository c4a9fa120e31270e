"""Fixtures of the matching tests."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.associations.factories import AssociationFactory, api_key_for
from tests.matching.form_data import youth_form_data
from tests.matching.migrations import migrate_to_latest


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post the youth form (valid data, ``overrides`` varying it), running what is sent after commit."""

    def send(language="fr", **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("matching:youth_request_create"),
                youth_form_data(**overrides),
                headers={"accept-language": language},
            )

    return send


@pytest.fixture
def api_association():
    return AssociationFactory(slug="a", departments=["75"])


@pytest.fixture
def api(api_association):
    """A REST client holding a key of association "a"."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_for(api_association)}")
    return client


@pytest.fixture
def latest_schema_after():
    """A data-migration test's database back to the latest migrations afterwards, even when it failed half-way."""
    yield
    migrate_to_latest()
