"""Full-text search for claims: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

from corpus.search import FtsTable, gin_index

FIELDS = ("text",)
INDEX = "claim_search_gin"
FTS = FtsTable("claims_claim_fts", "claims_claim", FIELDS)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), gin_index(INDEX, *FIELDS))
    elif connection.vendor == "sqlite":
        FTS.ensure(connection)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), gin_index(INDEX, *FIELDS))
    elif connection.vendor == "sqlite":
        FTS.drop(connection)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_claimkey")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
