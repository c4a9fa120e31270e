"""CSV exports of an association: streamed, UTF-8 with a BOM, French headers, scoped to the association, and no
cell a spreadsheet would run as a formula."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from associations.enums import AccessAction, AccessSubject
from associations.models import AccessRecord
from matching.enums import Actor, ConcernKind, MentorState, RequestState
from matching.models import Concern
from matching.selectors.reports import EXPORTS
from mentoring.spreadsheets import safe_cell
from tests.associations.factories import AssociationFactory, StaffMembershipFactory
from tests.matching.factories import (
    CheckInFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SessionLogFactory,
    YouthRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory(slug="a")


@pytest.fixture
def coordinator(client, association):
    user = StaffMembershipFactory(association=association).user
    client.force_login(user)
    return user


def export(client, kind, slug="a"):
    response = client.get(reverse("matching:association_export", kwargs={"association": slug, "kind": kind}))
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33612345678", "'+33612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcalc", "'\tcalc"),
        ("\rcalc", "'\rcalc"),
        ("Léa", "Léa"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_evaluate_starts_with_an_apostrophe(value, expected):
    assert safe_cell(value) == expected


def test_requests_export_has_french_headers_labels_and_escaped_cells(client, coordinator, association):
    YouthRequestFactory(
        routed=True, association=association, first_name="=cmd|' /C calc'!A0", last_name="@Dupont",
        phone="+33612345678", commune="-Paris",
    )  # fmt: skip

    response, rows = export(client, "demandes")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="demandes-a-')
    header, row = rows
    assert header[:5] == ["Référence", "Statut", "Envoyée le", "Confiée le", "Prénom"]
    values = dict(zip(header, row, strict=True))
    assert values["Statut"] == "Confiée à une association"
    assert values["Prénom"] == "'=cmd|' /C calc'!A0"
    assert values["Nom"] == "'@Dupont"
    assert values["Téléphone"] == "'+33612345678"
    assert values["Commune"] == "'-Paris"


def test_an_export_holds_only_the_association_s_people(client, coordinator, association):
    mine = YouthRequestFactory(routed=True, association=association)
    YouthRequestFactory(routed=True, association=AssociationFactory(slug="b"))
    YouthRequestFactory(state=RequestState.UNROUTED)

    _response, rows = export(client, "demandes")

    assert [row[0] for row in rows[1:]] == [str(mine.pk)]


def test_another_association_s_export_is_a_404(client, coordinator):
    AssociationFactory(slug="b")

    response = client.get(reverse("matching:association_export", kwargs={"association": "b", "kind": "demandes"}))

    assert response.status_code == 404


def test_an_export_is_written_to_the_access_log(client, coordinator, association):
    export(client, "seances")

    record = AccessRecord.objects.get(association=association)
    assert (record.user, record.action, record.subject, record.subject_id) == (
        coordinator,
        AccessAction.CSV,
        AccessSubject.ALL_SESSIONS,
        None,
    )


def test_an_unknown_export_is_a_404(client, coordinator):
    response = client.get(reverse("matching:association_export", kwargs={"association": "a", "kind": "mots-de-passe"}))

    assert response.status_code == 404


def test_mentors_mentorships_and_sessions_exports(client, coordinator, association):
    mentorship = MentorshipFactory(association=association, under_way=True, mentor__user__first_name="+Alex")
    SessionLogFactory(mentorship=mentorship, duration_hours=Decimal("1.5"), topics="\tCV et lettre")
    MentorProfileFactory(association=association, state=MentorState.CONTACTED)
    SessionLogFactory(mentorship=MentorshipFactory(association=AssociationFactory(slug="b"), under_way=True))

    _response, mentors = export(client, "mentors")
    _response, mentorships = export(client, "binomes")
    _response, sessions = export(client, "seances")

    assert len(mentors) == 3  # the header, the paired mentor, the contacted one
    assert {row[1] for row in mentors[1:]} == {"Mentor actif", "Contacté"}
    assert mentorships[1][4] == "'+Alex"
    assert mentorships[1][6] == "En cours"
    assert len(sessions) == 2
    assert sessions[1][3:] == ["1,5", "À distance (visio, téléphone)", "'\tCV et lettre"]


def test_check_ins_export_holds_the_answers_of_the_association_s_pairs(client, coordinator, association):
    mentorship = MentorshipFactory(association=association, under_way=True)
    youth = CheckInFactory(mentorship=mentorship, low=True, comment='=HYPERLINK("http://x")')
    CheckInFactory(mentorship=mentorship, mentor=True, answered=True, satisfaction=5, comment="-Très motivé")
    CheckInFactory(mentorship=mentorship, month=3)  # asked, not answered yet
    Concern.objects.create(
        association=association, mentorship=mentorship, author=Actor.YOUTH, kind=ConcernKind.CONCERN, text="Secret"
    )
    CheckInFactory(
        mentorship=MentorshipFactory(association=AssociationFactory(slug="b"), under_way=True), answered=True
    )

    response, rows = export(client, "points-etape")

    assert response["Content-Disposition"].startswith('attachment; filename="points-etape-a-')
    header, *answers = rows
    assert header == [
        "Référence", "Binôme", "Qui répond", "Mois", "Demandé le", "Répondu le", "Satisfaction (1 à 5)",
        "Fréquence des rencontres", "Progrès sur les objectifs", "Souhaite être contacté par l'association",
        "Commentaire",
    ]  # fmt: skip
    assert len(answers) == 2
    values = dict(zip(header, answers[0], strict=True))
    assert values["Référence"] == str(youth.pk)
    assert values["Binôme"] == str(mentorship.pk)
    assert (values["Qui répond"], values["Mois"], values["Satisfaction (1 à 5)"]) == ("Le jeune", "1", "1")
    assert values["Fréquence des rencontres"] == "Une fois par mois"
    assert values["Progrès sur les objectifs"] == "Quelques progrès"
    assert values["Souhaite être contacté par l'association"] == "oui"
    assert values["Commentaire"] == '\'=HYPERLINK("http://x")'
    assert answers[1][2] == "Le mentor"
    assert answers[1][-1] == "'-Très motivé"
    assert "Secret" not in "".join(cell for row in rows for cell in row)
    record = AccessRecord.objects.get(association=association)
    assert (record.action, record.subject, record.subject_id) == (AccessAction.CSV, AccessSubject.ALL_CHECK_INS, None)


def test_exports_read_in_a_fixed_number_of_queries(client, coordinator, association, django_assert_num_queries):
    """The rows come through one query (read in chunks), whatever their number."""
    YouthRequestFactory.create_batch(5, routed=True, association=association)
    url = reverse("matching:association_export", kwargs={"association": "a", "kind": "demandes"})

    with django_assert_num_queries(5):  # session, user, membership, the access log, the rows
        response = client.get(url)
        b"".join(response.streaming_content)


def test_every_export_has_a_header_for_each_column(association):
    for name, definition in EXPORTS.items():
        first = next(iter(definition.rows(association=association)), None)
        assert first is None, name  # nothing to export yet; the columns are checked below
    YouthRequestFactory(routed=True, association=association)
    mentorship = MentorshipFactory(association=association, under_way=True)
    SessionLogFactory(mentorship=mentorship)
    CheckInFactory(answered=True, mentorship=mentorship)
    for name, definition in EXPORTS.items():
        row = next(iter(definition.rows(association=association)))
        assert len(row) == len(definition.headers), name
