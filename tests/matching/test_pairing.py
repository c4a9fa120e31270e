"""Pairing: propose, the mentor answers, the youth confirms; a mentor's capacity is never exceeded."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from matching import tokens
from matching.enums import MentorshipState, MentorState, RequestState
from matching.models import MentorProfile
from matching.services.pairing import (
    mentorship_cancel,
    mentorship_confirm,
    mentorship_mentor_answer,
    mentorship_propose,
)
from matching.services.requests import request_erase, request_withdraw
from matching.services.vetting import mentor_pause, mentor_reject
from mentoring.errors import DomainError
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory
from tests.matching.factories import MentorProfileFactory, YouthRequestFactory, birth_date_for_age


@pytest.mark.django_db
class TestPairing:
    @pytest.fixture
    def association(self):
        return AssociationFactory()

    @pytest.fixture
    def staff(self):
        return UserFactory()

    def test_propose_accept_confirm(self, association, staff, django_capture_on_commit_callbacks):
        request = YouthRequestFactory(accepted=True, adult=True, association=association, email="yanis@example.org")
        mentor = MentorProfileFactory(active=True, association=association, user__email="claire@example.org")

        with django_capture_on_commit_callbacks(execute=True):
            mentorship = mentorship_propose(request=request, mentor=mentor, by=staff)
            mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=True)
            mentorship_confirm(mentorship=mentorship)

        mentorship.refresh_from_db()
        request.refresh_from_db()
        mentor.refresh_from_db()
        assert mentorship.state == MentorshipState.ACTIVE
        assert 0 < mentorship.score <= 1
        assert mentorship.reasons
        assert (mentorship.planned_end_on - mentorship.started_on).days >= 183
        assert request.state == RequestState.MATCHED
        assert mentor.open_mentorships == 1
        assert [m.to[0] for m in mail.outbox] == ["claire@example.org", "yanis@example.org"]

    def test_a_declined_proposal_frees_the_place(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        mentorship = mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )

        mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=False, reason="not_available")

        mentor.refresh_from_db()
        assert mentor.open_mentorships == 0
        assert mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )

    def test_only_the_proposed_mentor_answers(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association)
        mentorship = mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )
        with pytest.raises(DomainError, match="not_this_mentor"):
            mentorship_mentor_answer(mentorship=mentorship, by=UserFactory(), accept=True)

    def test_capacity_is_never_exceeded(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )

        with pytest.raises(DomainError, match="full"):
            mentorship_propose(
                request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
            )

    def test_the_database_refuses_more_than_capacity(self, association):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=2)

    @pytest.mark.parametrize(
        ("mentor_kwargs", "code"),
        [({"state": MentorState.TRAINED}, "inactive"), ({"languages": ["en"]}, "language")],
    )
    def test_hard_constraints_refuse_the_proposal(self, association, staff, mentor_kwargs, code):
        mentor = MentorProfileFactory(active=True, association=association, **mentor_kwargs)
        with pytest.raises(DomainError, match=code):
            mentorship_propose(
                request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
            )

    def test_a_minor_needs_a_mentor_with_a_valid_check(self, association, staff):
        mentor = MentorProfileFactory(
            active=True, association=association, background_check_on=timezone.localdate() - timedelta(days=200)
        )
        minor = YouthRequestFactory(
            state=RequestState.ACCEPTED, association=association, birth_date=birth_date_for_age(14)
        )
        with pytest.raises(DomainError, match="minor_check"):
            mentorship_propose(request=minor, mentor=mentor, by=staff)

    def test_one_pairing_at_a_time_per_youth(self, association, staff):
        request = YouthRequestFactory(accepted=True, adult=True, association=association)
        mentorship_propose(request=request, mentor=MentorProfileFactory(active=True, association=association), by=staff)
        with pytest.raises(DomainError, match="already_paired"):
            mentorship_propose(
                request=request, mentor=MentorProfileFactory(active=True, association=association), by=staff
            )

    def test_a_mentor_of_another_association_cannot_be_proposed(self, association, staff):
        other = MentorProfileFactory(active=True, association=AssociationFactory())
        with pytest.raises(DomainError, match="other_association"):
            mentorship_propose(
                request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=other, by=staff
            )

    def test_a_withdrawal_cancels_the_proposal_and_frees_the_place(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        request = YouthRequestFactory(accepted=True, adult=True, association=association)
        mentorship = mentorship_propose(request=request, mentor=mentor, by=staff)

        request_withdraw(request=request, reason="found_help")

        mentorship.refresh_from_db()
        mentor.refresh_from_db()
        assert mentorship.state == MentorshipState.CANCELLED
        assert mentor.open_mentorships == 0

    def test_a_withdrawal_ends_an_active_mentorship_early(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association)
        request = YouthRequestFactory(accepted=True, adult=True, association=association)
        mentorship = mentorship_propose(request=request, mentor=mentor, by=staff)
        mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=True)
        mentorship_confirm(mentorship=mentorship)

        request_withdraw(request=request, reason="no_longer_needed")

        mentorship.refresh_from_db()
        mentor.refresh_from_db()
        assert (mentorship.state, mentorship.end_reason) == (MentorshipState.ENDED_EARLY, "needs_changed")
        assert mentor.open_mentorships == 0

    def test_erasing_the_request_gives_the_mentor_their_place_back(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        request = YouthRequestFactory(accepted=True, adult=True, association=association)
        mentorship_propose(request=request, mentor=mentor, by=staff)

        request_erase(request=request)

        mentor.refresh_from_db()
        assert mentor.open_mentorships == 0
        assert not mentor.mentorships.exists()

    def test_a_mentor_with_pairings_under_way_cannot_be_rejected(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association)
        mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )
        mentor_pause(mentor=mentor, by=staff)
        with pytest.raises(DomainError):
            mentor_reject(mentor=mentor, by=staff, reason="other")

    def test_a_mentor_paused_since_the_proposal_neither_accepts_nor_starts(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association)
        proposed = mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )
        accepted = mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )
        mentorship_mentor_answer(mentorship=accepted, by=mentor.user, accept=True)

        mentor_pause(mentor=mentor, by=staff)

        with pytest.raises(DomainError, match="mentor_unavailable"):
            mentorship_mentor_answer(mentorship=proposed, by=mentor.user, accept=True)
        with pytest.raises(DomainError, match="mentor_unavailable"):
            mentorship_confirm(mentorship=accepted)
        accepted.refresh_from_db()
        assert accepted.state == MentorshipState.MENTOR_ACCEPTED
        assert accepted.request.state == RequestState.ACCEPTED

    def test_a_minor_s_pairing_does_not_start_once_the_mentor_s_check_has_lapsed(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association)
        minor = YouthRequestFactory(accepted=True, association=association, birth_date=birth_date_for_age(14))
        mentorship = mentorship_propose(request=minor, mentor=mentor, by=staff)
        mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=True)
        MentorProfile.objects.filter(pk=mentor.pk).update(
            background_check_on=timezone.localdate() - timedelta(days=200)
        )  # time has passed: the check is older than its validity

        with pytest.raises(DomainError, match="mentor_unavailable"):
            mentorship_confirm(mentorship=mentorship)

    def test_cancelling_frees_the_place(self, association, staff):
        mentor = MentorProfileFactory(active=True, association=association, capacity=1)
        mentorship = mentorship_propose(
            request=YouthRequestFactory(accepted=True, adult=True, association=association), mentor=mentor, by=staff
        )
        mentorship_cancel(mentorship=mentorship, by=staff)
        mentor.refresh_from_db()
        assert mentor.open_mentorships == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("require_postgres")
def test_simultaneous_proposals_never_exceed_capacity():
    association = AssociationFactory()
    staff = UserFactory()
    mentor = MentorProfileFactory(active=True, association=association, capacity=2)
    requests = [YouthRequestFactory(accepted=True, adult=True, association=association) for _ in range(6)]
    barrier = threading.Barrier(len(requests))
    outcomes = []

    def propose(request):
        try:
            barrier.wait()
            mentorship_propose(request=request, mentor=mentor, by=staff)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    mentor.refresh_from_db()
    assert sorted(outcomes) == ["full"] * 4 + ["ok"] * 2
    assert mentor.open_mentorships == 2
    assert mentor.mentorships.count() == 2


@pytest.mark.django_db
def test_the_youth_is_told_when_their_mentor_is_no_longer_available(client):
    association, staff = AssociationFactory(), UserFactory()
    mentor = MentorProfileFactory(active=True, association=association)
    request = YouthRequestFactory(accepted=True, adult=True, association=association)
    mentorship = mentorship_propose(request=request, mentor=mentor, by=staff)
    mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=True)
    mentor_pause(mentor=mentor, by=staff)

    url = reverse("matching:tracking_mentorship_confirm", args=[tokens.tracking_token(request.public_id)])
    page = client.post(url, follow=True).content.decode()

    assert "ton mentor n&#x27;est pas disponible en ce moment" in page
    assert "Ton mentor doit d&#x27;abord accepter" not in page


@pytest.mark.django_db
def test_a_mentor_declines_only_with_a_reason_they_chose_and_after_confirming(client):
    association = AssociationFactory()
    mentor = MentorProfileFactory(active=True, association=association)
    request = YouthRequestFactory(accepted=True, adult=True, association=association)
    mentorship = mentorship_propose(request=request, mentor=mentor, by=UserFactory())
    client.force_login(mentor.user)

    page = client.get(reverse("matching:dashboard")).content.decode()
    declining = page[page.index(f'id="reason-{mentorship.pk}"') :]
    assert declining.startswith(f'id="reason-{mentorship.pk}" required>')
    assert '<option value="">Choisissez un motif</option>' in declining
    assert 'value="decline" class="btn btn-sm btn-outline-secondary" data-confirm=' in declining

    client.post(reverse("matching:mentor_answer", args=[mentorship.pk]), {"answer": "decline", "reason": ""})
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.PROPOSED
