"""The version of each association's pool of active mentors: every service that changes an active mentor (a move
into or out of the active state, a place taken or given back, a background check renewed or failed, a profile
corrected or erased) calls ``mentor_pool_touch`` in its transaction, and the pairing pages read the mentors again
(``selectors.pairing.active_mentor_arrays``)."""

import uuid
from collections.abc import Iterable

from django.db import transaction

from ..models import MentorPoolVersion


@transaction.atomic
def mentor_pool_touch(*, association_ids: Iterable[int | None]) -> None:
    """A new version for each of these associations' pools (None, a mentor not routed yet, is left out). Written in
    the caller's transaction, with the change: nobody reads the new version before the change is committed."""
    ids = sorted({pk for pk in association_ids if pk is not None})  # one order: concurrent touches never deadlock
    if ids:
        MentorPoolVersion.objects.bulk_create(
            [MentorPoolVersion(association_id=pk, token=uuid.uuid4()) for pk in ids],
            update_conflicts=True,
            unique_fields=["association"],
            update_fields=["token"],
        )
