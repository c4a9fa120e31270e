"""A training session as an iCalendar file (RFC 5545), for a mentor to add to their calendar."""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import TrainingSession

PRODID = "-//1 jeune, 1 mentor//Formation des mentors//FR"


def training_session_ics(session: TrainingSession, *, host: str, url: str) -> bytes:
    """One VEVENT for ``session``: its UID is stable (``host`` names the platform) and its SEQUENCE is the session's
    version, so that a calendar that imported it replaces it when it is changed or cancelled."""
    event = Event()
    event.add("uid", f"training-session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("sequence", session.version - 1)
    event.add("summary", _("Formation des mentors — %(association)s") % {"association": session.association.name})
    location = session.place or session.remote_link
    if location:
        event.add("location", location)
    lines = [_("Formateur ou formatrice : %(trainer)s") % {"trainer": session.trainer}]
    if session.remote_link:
        lines.append(_("Lien de visioconférence : %(link)s") % {"link": session.remote_link})
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
