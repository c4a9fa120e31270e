"""Migration operations for what only PostgreSQL has (the embedded SQLite default simply goes without)."""

from django.contrib.postgres import operations as postgres_operations
from django.db import migrations


class AddPostgresIndex(migrations.AddIndex):
    """``AddIndex`` for an index only PostgreSQL can build (a GIN trigram index): the model state always holds it,
    the database gets it only on PostgreSQL. A documented extension point: a custom migration operation."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemovePostgresIndex(migrations.RemoveIndex):
    """``RemoveIndex`` for an index that ``AddPostgresIndex`` built on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresOnlyBackwards:
    """Django's extension operations skip other databases going forwards but not backwards (they ask
    ``pg_extension``, which SQLite lacks), so unapplying the migration failed on the embedded default."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramExtension(PostgresOnlyBackwards, postgres_operations.TrigramExtension):
    """``pg_trgm`` on PostgreSQL (the trigram indexes of the queue's search)."""


class UnaccentExtension(PostgresOnlyBackwards, postgres_operations.UnaccentExtension):
    """``unaccent`` on PostgreSQL (the staff's searches find "Inès" when "Ines" is typed)."""
