"""Hypothesis fuzzing of the forms through their real views: mutations of a valid post, field by field.

Each field of a valid post is kept, dropped, or replaced by hostile input: random text (any Unicode but
surrogates), markup, formula-like text, very long text, numbers, several values. Whatever is posted, the page
answers below 500, what the platform stores stays valid (``full_clean``), and user text comes back escaped in the
page and in the e-mails' HTML.

Database isolation: the test classes derive from ``hypothesis.extra.django.TestCase``, which runs each example in a
transaction of its own, rolled back after it (pytest's function-scoped fixtures would be shared by every example).
How many examples: the Hypothesis profile (tests/conftest.py): "ci" by default, "fuzz" for ``make fuzz``.
"""

from django.core.cache import cache
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import OutboundEmail

# Markup that must never come back as is: escaped, it reads &lt;i data-fuzz=&quot;1&quot;&gt;.
MARKER = '<i data-fuzz="1">'
PAYLOADS = [
    MARKER,
    f"Léa{MARKER}",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://example.org")',
    "+33 6 12",
    "@SUM(A1)",
    "' OR 1=1 --",
    "%(name)s {{ request }} {% csrf_token %}",
    "\u202eevil",
    "x" * 5000,
    "0",
    "-1",
    "1e309",
    "2026-02-30",
    "",
    " ",
]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=300),
    st.text(max_size=40).map(lambda text: MARKER + text),
    st.integers().map(str),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=4))


def mutations(valid: dict) -> st.SearchStrategy[dict]:
    """Posts derived from ``valid``: each field kept (most often), dropped, or replaced by hostile input."""

    def field(value):
        return st.one_of(st.just(value), st.just(value), st.none(), hostile_value)

    return st.fixed_dictionaries({name: field(value) for name, value in valid.items()}).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


def with_noise(valid: dict) -> st.SearchStrategy[dict]:
    """``mutations(valid)`` plus fields no form expects (a button's post carries none: only noise to ignore)."""
    noise = st.dictionaries(st.sampled_from(["pk", "id", "state", "next", "action", "_method", "x"]), hostile_value)
    return st.tuples(mutations(valid), noise).map(lambda posts: posts[1] | posts[0])


class FuzzTestCase(TestCase):
    """Each example in a transaction of its own (rolled back), with no rate limit or cached state left by the one
    before (pytest's autouse fixture clears them once per test, not once per example)."""

    def setup_example(self):
        super().setup_example()
        cache.clear()


def assert_answered_safely(response) -> None:
    """Below 500, and no user text echoed unescaped."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        assert MARKER not in response.content.decode(), "user text echoed without escaping"


def assert_rows_valid(*querysets) -> None:
    """Every row the platform holds passes its model's validation."""
    for queryset in querysets:
        for row in queryset:
            row.full_clean(validate_unique=False, validate_constraints=False)


def assert_emails_escaped() -> None:
    for email in OutboundEmail.objects.all():
        assert MARKER not in email.body_html, email.template_prefix
        assert MARKER not in email.subject, email.template_prefix


def staff_login(client, association, *, admin: bool = False):
    """A coordinator (or an admin) of ``association``, signed in on ``client``; returns the user."""
    from tests.associations.factories import StaffMembershipFactory

    membership = StaffMembershipFactory(association=association, admin=admin)
    client.force_login(membership.user)
    return membership.user
