"""Signals other apps may listen to: associations knows nothing of who does."""

from django.dispatch import Signal

# Sent (after commit) when an association's territory, axes, ages, capacity or active flag changed.
# Arguments: association_id.
association_coverage_changed = Signal()
