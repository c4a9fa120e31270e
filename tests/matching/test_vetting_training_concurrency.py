"""Simultaneous registrations for the last seats of a session (mentors clicking at the same moment) never take more
seats than the session has."""

import threading

import pytest
from django.db import connection

from matching.enums import TrainingRegistrationState
from matching.models import TrainingRegistration
from matching.services.vetting import training_register
from mentoring.errors import DomainError
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("require_postgres")
def test_simultaneous_registrations_never_overbook_a_session():
    association = AssociationFactory()
    session = TrainingSessionFactory(association=association, seats=2)
    mentors = MentorProfileFactory.create_batch(6, checked=True, association=association)
    barrier = threading.Barrier(len(mentors))
    refused, errors = [], []

    def register(mentor):
        try:
            barrier.wait()
            training_register(session=session, mentor=mentor)
        except DomainError as error:
            refused.append(error.code)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(mentor,)) for mentor in mentors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert refused == ["training_full"] * 4
    session.refresh_from_db()
    assert session.seats_taken == 2
    assert TrainingRegistration.objects.filter(state=TrainingRegistrationState.REGISTERED).count() == 2
