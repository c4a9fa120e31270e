"""CSV escaping under fuzz (tests/fuzz.py): any text in a request, a mentor's name, a session's topics or a check-in's
comment comes out of every export as it was written, except that a cell a spreadsheet would run as a formula (it
starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe: parsed back, no cell starts with one
of these, and nothing else is altered."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from matching.enums import CheckInRespondent
from matching.selectors.reports import EXPORTS
from mentoring.spreadsheets import FORMULA_TRIGGERS
from tests.accounts.factories import UserFactory
from tests.fuzz import PAYLOADS, FuzzTestCase, staff_login
from tests.matching.factories import CheckInFactory, MentorshipFactory, SessionLogFactory

pytestmark = pytest.mark.fuzz

# What PostgreSQL stores: any character but NUL and lone surrogates; formula-like starts made frequent.
STORABLE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


def storable_text(max_size):
    text = st.text(STORABLE, max_size=max_size)
    formula = st.tuples(st.sampled_from([*FORMULA_TRIGGERS, "'", '"', ";", "\n", " ="]), text).map("".join)
    payloads = st.sampled_from([payload[:max_size] for payload in PAYLOADS])
    return st.one_of(text, formula, payloads).map(lambda value: value[:max_size])


def neutralised(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


class TestCsvEscaping(FuzzTestCase):
    def export(self, association, kind):
        url = reverse("matching:association_export", kwargs={"association": association.slug, "kind": kind})
        response = self.client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8")
        assert body.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(body[1:], newline=""), delimiter=";"))
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_TRIGGERS), (kind, cell)
        header, *data = rows
        assert len(header) == len(EXPORTS[kind].headers)
        return [dict(zip(header, row, strict=True)) for row in data]

    @given(
        first_name=storable_text(100),
        last_name=storable_text(100),
        commune=storable_text(100),
        mentor_first_name=storable_text(150),
        topics=storable_text(2000),
        comment=storable_text(2000),
    )
    def test_every_export(self, first_name, last_name, commune, mentor_first_name, topics, comment):
        mentor_user = UserFactory(first_name=mentor_first_name, last_name=last_name)
        mentorship = MentorshipFactory(
            under_way=True,
            proposed_by=UserFactory(),
            request__first_name=first_name,
            request__last_name=last_name,
            request__commune=commune,
            mentor__user=mentor_user,
        )
        SessionLogFactory(mentorship=mentorship, topics=topics)
        CheckInFactory(mentorship=mentorship, answered=True, comment=comment, respondent=CheckInRespondent.YOUTH)
        association = mentorship.association
        staff_login(self.client, association)

        (request,) = self.export(association, "demandes")
        assert (request["Prénom"], request["Nom"], request["Commune"]) == (
            neutralised(first_name),
            neutralised(last_name),
            neutralised(commune),
        )
        (mentor,) = self.export(association, "mentors")
        assert (mentor["Prénom"], mentor["Nom"]) == (neutralised(mentor_first_name), neutralised(last_name))
        (pair,) = self.export(association, "binomes")
        assert (pair["Prénom du jeune"], pair["Prénom du mentor"], pair["Nom du mentor"]) == (
            neutralised(first_name),
            neutralised(mentor_first_name),
            neutralised(last_name),
        )
        (session,) = self.export(association, "seances")
        assert session["Sujets abordés"] == neutralised(topics)
        (check_in,) = self.export(association, "points-etape")
        assert check_in["Commentaire"] == neutralised(comment)
