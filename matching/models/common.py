"""What the models share: display helpers and constants."""

from datetime import timedelta

from ..enums import (
    Availability,
    Language,
    MeetingMode,
    Sector,
)

BACKGROUND_CHECK_VALIDITY = timedelta(days=183)  # a declared background check is valid six months


def _labels(values: list[str], choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


class LabelsMixin:
    """The multiple-choice fields in words, for display."""

    @property
    def sector_labels(self):
        return _labels(self.sectors, Sector.choices)

    @property
    def meeting_mode_labels(self):
        return _labels(self.meeting_modes, MeetingMode.choices)

    @property
    def availability_labels(self):
        return _labels(self.availability, Availability.choices)

    @property
    def language_labels(self):
        return _labels(self.languages, Language.choices)
