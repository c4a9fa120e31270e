"""axe-core audits every page, in French and in English, as the person who sees it: no WCAG 2 A/AA violation.

axe-core comes from npm (package.json, devDependencies), read from node_modules: nothing is fetched from a CDN. It
is evaluated through Playwright (the DevTools protocol), which the page's Content Security Policy does not govern,
so the pages are audited under the very policy they are served with; the page_factory fixture still fails on
anything that policy refuses. Each page must also load without any request answering an error (a missing favicon).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import tokens
from matching.enums import MentorshipState, MentorState, RequestState, WebhookEvent
from matching.models import Mentorship
from matching.services.follow_up_alerts import concern_report
from matching.services.webhooks import webhook_subscription_create
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory, StaffMembershipFactory, api_key_for
from tests.browser.signing_in import log_in
from tests.conftest import require
from tests.matching.factories import (
    CheckInFactory,
    MentorProfileFactory,
    TrainingRegistrationFactory,
    TrainingSessionFactory,
    YouthRequestFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture(scope="module")
def axe_source():
    require(AXE.exists(), "needs axe-core in node_modules: npm ci")
    return AXE.read_text()


@pytest.fixture
def cast():
    """One association with people at every step, so that each page shows its tables, badges and forms."""
    paris = AssociationFactory(slug="paris", name="Élan Paris", departments=["75"])
    admin = StaffMembershipFactory(association=paris, admin=True, user__email="admin@example.org").user
    YouthRequestFactory(state=RequestState.ROUTED, association=paris, routed_at=timezone.now() - timedelta(days=9))
    in_review = YouthRequestFactory(
        state=RequestState.IN_REVIEW, association=paris, claimed_by=admin, routed_at=timezone.now()
    )
    YouthRequestFactory(state=RequestState.UNROUTED)
    awaiting = YouthRequestFactory(awaiting_parent=True)
    MentorProfileFactory(state=MentorState.SUBMITTED, association=paris)
    mentor = MentorProfileFactory(
        state=MentorState.ACTIVE, association=paris, department="75", background_check_ok=True,
        background_check_on=timezone.localdate(), user__email="mentor@example.org",
    )  # fmt: skip
    paired = YouthRequestFactory(state=RequestState.MATCHED, association=paris)
    pair = Mentorship.objects.create(
        request=paired, mentor=mentor, association=paris, state=MentorshipState.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=60), planned_end_on=timezone.localdate() + timedelta(days=300),
    )  # fmt: skip
    accepted = YouthRequestFactory(state=RequestState.ACCEPTED, association=paris)
    Mentorship.objects.create(request=accepted, mentor=mentor, association=paris, state=MentorshipState.PROPOSED)
    UserFactory(platform_admin=True, email="platform@example.org")
    api_key_for(paris, by=admin)
    past_training = TrainingSessionFactory(association=paris, past=True)
    TrainingRegistrationFactory(session=past_training)
    trainee = MentorProfileFactory(checked=True, association=paris, user__email="trainee@example.org")
    training = TrainingSessionFactory(association=paris, remote=True)
    TrainingRegistrationFactory(session=training, mentor=trainee)
    TrainingSessionFactory(association=paris, starts_at=timezone.now() + timedelta(days=20))
    concern = concern_report(request=paired, text="Je voudrais en parler à quelqu'un de l'association.")
    youth_check_in = CheckInFactory(mentorship=pair)  # waiting on the youth's link
    CheckInFactory(mentorship=pair, month=3, low=True)  # answered: on the tracking page and the request's page
    mentor_check_in = CheckInFactory(mentorship=pair, mentor=True)
    return {
        "alert": concern.alerts.get(),
        "youth_check_in": youth_check_in, "mentor_check_in": mentor_check_in,
        "in_review": in_review, "accepted": accepted, "paired": paired, "awaiting": awaiting,
        "candidate": MentorProfileFactory(state=MentorState.CONTACTED, association=paris),
        "subscription": webhook_subscription_create(
            association=paris, by=admin, url="https://crm.example.org/", events=[WebhookEvent.REQUEST_ROUTED]
        ),
        "training": training, "past_training": past_training,
    }  # fmt: skip


def pages_for(who: str, cast: dict) -> list[str]:
    staff = {"association": "paris"}
    if who == "anonymous":
        return [
            reverse("home"),
            reverse("matching:youth_request_create"),
            reverse("matching:youth_request_sent"),
            reverse("matching:mentor_signup"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("privacy"),
            reverse("matching:tracking_lost"),
            reverse("matching:tracking", args=[tokens.tracking_token(cast["paired"].public_id)]),
            reverse("matching:tracking", args=[tokens.tracking_token(cast["accepted"].public_id)]),
            reverse("matching:parent_consent", args=[tokens.parent_consent_token(cast["awaiting"].parent_public_id)]),
            reverse("matching:check_in_answer", args=[tokens.check_in_token(cast["youth_check_in"].public_id)]),
        ]
    if who == "admin@example.org":
        return [
            reverse("matching:request_queue", kwargs=staff),
            reverse("matching:request_detail", kwargs={**staff, "pk": cast["in_review"].pk}),
            reverse("matching:request_detail", kwargs={**staff, "pk": cast["paired"].pk}),
            reverse("matching:request_suggestions", kwargs={**staff, "pk": cast["accepted"].pk}),
            reverse("matching:mentor_queue", kwargs=staff),
            reverse("matching:mentor_detail", kwargs={**staff, "pk": cast["candidate"].pk}),
            reverse("matching:pair_list", kwargs=staff),
            reverse("matching:association_dashboard", kwargs=staff),
            reverse("matching:alert_queue", kwargs=staff),
            reverse("matching:alert_detail", kwargs={**staff, "pk": cast["alert"].pk}),
            reverse("matching:batch_preview", kwargs=staff),
            reverse("associations:settings", kwargs=staff),
            reverse("associations:weights", kwargs=staff),
            reverse("associations:team", kwargs=staff),
            reverse("associations:access_log", kwargs=staff),
            reverse("associations:api_keys", kwargs=staff),
            reverse("matching:webhook_list", kwargs=staff),
            reverse("matching:webhook_detail", kwargs={**staff, "pk": cast["subscription"].pk}),
            reverse("matching:training_list", kwargs=staff),
            reverse("matching:training_create", kwargs=staff),
            reverse("matching:training_detail", kwargs={**staff, "pk": cast["past_training"].pk}),
            reverse("matching:training_update", kwargs={**staff, "pk": cast["training"].pk}),
            reverse("accounts:email_preferences"),
        ]
    if who == "platform@example.org":
        return [
            reverse("matching:platform_overview"),
            reverse("matching:platform_dashboard"),
            reverse("matching:unrouted_queue"),
        ]
    if who == "trainee@example.org":  # a mentor at the training step
        return [reverse("matching:dashboard")]
    return [reverse("matching:dashboard"), reverse("matching:mentor_check_in", args=[cast["mentor_check_in"].pk])]


def audit(page, url: str, axe_source: str, failed: list) -> list[str]:
    """What is wrong with one page: the requests that answered an error, and the axe violations, one line each."""
    failed.clear()
    page.goto(url)
    problems = [f"{url}: {response.url} answered {response.status}" for response in failed]
    page.evaluate(axe_source)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))",
        WCAG_A_AA,
    )
    problems += [f"{url}: {v['id']} ({v['impact']}) {v['help']}: {v['targets'][:5]}" for v in violations]
    return problems


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize(
    "who", ["anonymous", "admin@example.org", "platform@example.org", "mentor@example.org", "trainee@example.org"]
)
def test_every_page_passes_axe(page_factory, axe_source, cast, language, who):
    page = page_factory(locale=LOCALES[language])
    failed = []
    page.on("response", lambda response: failed.append(response) if response.status >= 400 else None)
    if who != "anonymous":
        log_in(page, who)

    problems = []
    for url in pages_for(who, cast):
        problems += audit(page, url, axe_source, failed)
        assert page.locator("html").get_attribute("lang") == language, url

    assert not problems, "\n".join(problems)
