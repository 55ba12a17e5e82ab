"""``manage.py start``: migrate, load the seed articles, and serve the app locally."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create or update the database, ingest the seed articles (once), and run the web server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="Where to listen."
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up only; do not run the server."
        )

    def handle(self, *args, addrport: str, no_serve: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        seeds = Path(settings.BASE_DIR) / "seeds"
        call_command("ingest", str(seeds), no_progress=True, stdout=self.stdout, stderr=self.stderr)
        if no_serve:
            return
        self.stdout.write(f"Claimtrack is at http://{addrport}/ (API at /api/, admin at /admin/).")
        self.stdout.write("Create an editor account with: python manage.py createsuperuser")
        call_command("runserver", addrport, use_reloader=False)
