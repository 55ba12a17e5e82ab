"""Screenshots of the reader and the review queue, taken with the real Chromium.

Run from the project folder: ``python -m tests.ui.screenshots [--all] [OUTPUT_DIR]`` (default
``claims/static/claims/screenshots``; ``--all`` also captures the other pages, to check their layout). It builds a throw-away SQLite database, ingests the seed articles, adds the
demo claims when extraction found none, serves the app on a free local port and drives
``/usr/bin/chromium`` (or ``$CHROMIUM``) to write ``reader.png`` and ``review.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


#: Further pages captured with ``--all`` (for checking the layout; not committed).
EXTRA_PAGES = {
    "dashboard": "/",
    "documents": "/documents/",
    "claims": "/claims/",
    "claim": "/claims/1/",
    "actor": "/actors/1/",
    "links": "/review/?tab=links",
}


def prepare_database() -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from claims.models import Claim
    from claims.services import articles_ingest
    from corpus.ingestion import read_path
    from corpus.models import Document
    from tests.ui.demo import add_demo_claims

    call_command("migrate", verbosity=0, interactive=False)
    articles = [a for p in sorted((ROOT / "seeds").glob("*.txt")) for a in read_path(p, max_chars=500_000)]  # fmt: skip
    for result in articles_ingest(articles):
        if result.error:
            raise SystemExit(f"seed ingestion failed: {result.error}")
    editor = User.objects.create_user("erin", password="erin-password-1")
    editor.groups.add(Group.objects.get(name="editors"))
    if not Claim.objects.exists():
        add_demo_claims(list(Document.objects.order_by("source_name")), editor)


def serve() -> tuple[str, object]:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def take(base: str, out: Path, *, every_page: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    from corpus.models import Document

    document = Document.objects.order_by("source_name").first()
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, device_scale_factor=1)
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "erin")
        page.fill("#id_password", "erin-password-1")
        page.click("button[type=submit]:has-text('Sign in')")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}{document.get_absolute_url()}")
        # Select a claim that carries a condition, to show the side panel.
        marks = page.locator("#reader-text mark.hl-condition")
        if not marks.count():
            marks = page.locator("#reader-text mark[data-claim]")
        if marks.count():
            marks.first.click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(out / "reader.png"))
        # Conditional claims, most check-worthy first, with the condition form opened by "c".
        page.goto(f"{base}/review/?order=worthiness&has_conditions=true")
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("c")
        page.wait_for_timeout(800)  # let the smooth scroll to the current card finish
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(out / "review.png"))
        if every_page:
            for name, path in EXTRA_PAGES.items():
                page.goto(f"{base}{path}")
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        browser.close()


def main(argv: list[str]) -> None:
    every_page = "--all" in argv
    args = [a for a in argv[1:] if a != "--all"]
    out = Path(args[0]) if args else ROOT / "claims" / "static" / "claims" / "screenshots"
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"No Chromium at {CHROMIUM}: install Debian's chromium or set CHROMIUM.")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/screenshots.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        prepare_database()
        base, server = serve()
        try:
            take(base, out, every_page=every_page)
        finally:
            server.shutdown()
    print(f"Wrote {out / 'reader.png'} and {out / 'review.png'}")


if __name__ == "__main__":
    main(sys.argv)
