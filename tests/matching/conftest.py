"""Fixtures of the matching tests."""

import pytest
from django.urls import reverse

from tests.matching.form_data import youth_form_data


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
