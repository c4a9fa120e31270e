"""The dashboards in a real browser, in French and in English: every chart is drawn by Chart.js, the map by
department is drawn and coloured, and every data table opens from the keyboard alone."""

import pytest
from django.urls import reverse

from matching.enums import MentorshipState, Outcome, RequestState
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.browser.signing_in import log_in
from tests.matching.factories import CheckInFactory, MentorshipFactory, SessionLogFactory, YouthRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
DRAWN = """() => [...document.querySelectorAll('canvas[data-chart]')].map(canvas => {
    const chart = window.Chart && window.Chart.getChart(canvas);
    return {id: canvas.id, drawn: !!chart && chart.data.datasets.length > 0 && canvas.width > 0};
})"""


@pytest.fixture
def cast():
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    StaffMembershipFactory(association=paris, user__email="nadia@example.org")
    UserFactory(platform_admin=True, email="platform@example.org")
    YouthRequestFactory.create_batch(2, routed=True, association=paris)
    YouthRequestFactory(state=RequestState.UNROUTED, department="33")
    pair = MentorshipFactory(association=paris, under_way=True)
    SessionLogFactory(mentorship=pair)
    CheckInFactory(mentorship=pair, answered=True)
    CheckInFactory(mentorship=pair, answered=True, mentor=True, satisfaction=5)
    MentorshipFactory(association=paris, state=MentorshipState.COMPLETED, outcome=Outcome.ORIENTATION_CHOSEN)
    return paris


def assert_charts_drawn(page, count: int) -> None:
    page.wait_for_function("() => window.Chart !== undefined")
    charts = page.evaluate(DRAWN)
    assert len(charts) == count
    assert all(chart["drawn"] for chart in charts), charts


def assert_tables_open_from_the_keyboard(page) -> None:
    """Tab reaches every "see the data" toggle; Enter opens it and shows its table."""
    toggles = page.locator("details.chart-table > summary").count()
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        index = page.evaluate(
            "() => [...document.querySelectorAll('details.chart-table > summary')].indexOf(document.activeElement)"
        )
        if index >= 0 and index not in reached:
            reached.add(index)
            page.keyboard.press("Enter")
            details = page.locator("details.chart-table").nth(index)
            assert details.get_attribute("open") is not None
            assert details.locator("table").is_visible()
        if len(reached) == toggles:
            break
    assert len(reached) == toggles


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_the_association_dashboard_draws_every_chart(page_factory, cast, language):
    page = page_factory(locale=LOCALES[language])
    log_in(page, "nadia@example.org")

    page.goto(reverse("matching:association_dashboard", kwargs={"association": "paris"}))

    assert page.locator("html").get_attribute("lang") == language
    assert_charts_drawn(page, 9)
    heading = {"fr": "Séances par mois", "en": "Sessions per month"}[language]
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_tables_open_from_the_keyboard(page)


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_the_platform_dashboard_draws_its_charts_and_the_map(page_factory, cast, language):
    page = page_factory(locale=LOCALES[language])
    log_in(page, "platform@example.org")

    page.goto(reverse("matching:platform_dashboard"))

    assert_charts_drawn(page, 4)
    departments = page.locator("#coverage-map path.department")
    assert departments.count() == 96
    box = page.locator("#coverage-map").bounding_box()
    assert box["width"] > 200
    assert box["height"] > 200
    paris_fill = page.locator('#coverage-map [data-department="75"]').evaluate("p => getComputedStyle(p).fill")
    gironde_fill = page.locator('#coverage-map [data-department="33"]').evaluate("p => getComputedStyle(p).fill")
    assert paris_fill != gironde_fill  # covered (both axes) and not covered at all
    legend = {"fr": "Aucune association pour l'éducation", "en": "No association for education"}[language]
    assert page.get_by_text(legend).is_visible()
    assert_tables_open_from_the_keyboard(page)
