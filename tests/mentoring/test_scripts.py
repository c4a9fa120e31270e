"""Every script is deferred, and htmx only comes with the pages that use it: the landing page carries none of it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
HTMX = "htmx.min"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "matching:youth_request_create"])
def test_every_script_of_a_public_page_is_deferred(client, name):
    html = client.get(reverse(name)).content.decode()

    scripts = SCRIPT.findall(html)
    assert scripts
    assert all(" defer" in script for script in scripts), scripts


def test_the_landing_page_loads_no_htmx(client):
    assert HTMX not in client.get(reverse("home")).content.decode()


def test_the_youth_form_loads_htmx_for_its_communes(client):
    html = client.get(reverse("matching:youth_request_create")).content.decode()

    assert "hx-get" in html
    assert HTMX in html


def test_every_template_with_the_filter_bar_loads_htmx():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if "_filter_bar.html" in text:
            assert 'include "includes/htmx.html"' in text, path
