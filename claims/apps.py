from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_tables(sender, using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it: put the FTS ones back."""
    from claims.search import CLAIM_FTS
    from corpus.search import ensure_fts_tables

    ensure_fts_tables([CLAIM_FTS], using)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_tables, sender=self)
