"""Full-text search for documents: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

from corpus.search import FtsTable, gin_index

FIELDS = ("title", "outlet", "text")
INDEX = "document_search_gin"
FTS = FtsTable("corpus_document_fts", "corpus_document", FIELDS)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("corpus", "Document"), gin_index(INDEX, *FIELDS))
    elif connection.vendor == "sqlite":
        FTS.ensure(connection)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("corpus", "Document"), gin_index(INDEX, *FIELDS)
        )
    elif connection.vendor == "sqlite":
        FTS.drop(connection)


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
