"""The notes written before notes had an association get the one that held the request (or the mentor) then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.enums import RequestState
from matching.models import RequestTransition, StaffNote
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory
from tests.matching.migrations import migrate, migrate_to_latest

BEFORE = [("matching", "0007_routing_decision_redirect_trigger")]
AFTER = [("matching", "0008_staff_note_association")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_notes_are_given_the_association_that_held_the_request_when_they_were_written():
    paris, lyon = AssociationFactory(slug="paris"), AssociationFactory(slug="lyon")
    now = timezone.now()
    request = YouthRequestFactory(state=RequestState.ROUTED, association=lyon)
    RequestTransition.objects.create(
        request=request, from_state="submitted", to_state="routed", actor="system", association=paris,
        created_at=now - timedelta(days=3),
    )  # fmt: skip
    RequestTransition.objects.create(
        request=request, from_state="routed", to_state="routed", actor="staff", association=lyon,
        created_at=now - timedelta(days=1),
    )  # fmt: skip
    mentor = MentorProfileFactory(association=lyon)
    try:
        old = migrate(BEFORE).get_model("matching", "StaffNote")
        by_paris = old.objects.create(request_id=request.pk, text="Paris", created_at=now - timedelta(days=2))
        by_lyon = old.objects.create(request_id=request.pk, text="Lyon", created_at=now)
        on_mentor = old.objects.create(mentor_id=mentor.pk, text="Mentor", created_at=now)
    finally:
        migrate(AFTER)
        migrate_to_latest()

    assert StaffNote.objects.get(pk=by_paris.pk).association == paris
    assert StaffNote.objects.get(pk=by_lyon.pk).association == lyon
    assert StaffNote.objects.get(pk=on_mentor.pk).association == lyon
