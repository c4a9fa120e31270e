"""Migration operations for what only PostgreSQL has (the embedded SQLite default simply goes without). A documented
extension point: custom migration operations."""

from django.contrib.postgres import operations as postgres_operations
from django.db import migrations


class PostgresOnly:
    """An operation whose database work is done on PostgreSQL only, both ways; the model state always changes."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddPostgresIndex(PostgresOnly, migrations.AddIndex):
    """``AddIndex`` for an index only PostgreSQL can build (a GIN trigram index)."""


class RemovePostgresIndex(PostgresOnly, migrations.RemoveIndex):
    """``RemoveIndex`` for an index that ``AddPostgresIndex`` built."""


# Django's extension operations skip other databases going forwards but not backwards (they ask ``pg_extension``,
# which SQLite lacks), so unapplying their migration failed on the embedded default.


class TrigramExtension(PostgresOnly, postgres_operations.TrigramExtension):
    """``pg_trgm`` on PostgreSQL."""


class UnaccentExtension(PostgresOnly, postgres_operations.UnaccentExtension):
    """``unaccent`` on PostgreSQL (the staff's searches find "Inès" when "Ines" is typed)."""
