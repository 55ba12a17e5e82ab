from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_tables(sender, using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it: put the FTS ones back."""
    from corpus.search import DOCUMENT_FTS, ensure_fts_tables

    ensure_fts_tables([DOCUMENT_FTS], using)


class CorpusConfig(AppConfig):
    name = "corpus"
    verbose_name = "Corpus"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_tables, sender=self)
