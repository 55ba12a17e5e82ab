"""Fixtures for the web UI: a small two-article corpus and a signed-in client per person."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.test import Client

from claims.models import Claim, CrossReference, Origin
from tests.ui.factories import make_actor, make_claim, make_document
from tests.ui.screenshots import CHROMIUM, CHROMIUM_ARGS

PESKOV_TEXT = (
    "Kremlin spokesman Dmitry Peskov said Russia would only agree to a ceasefire if the West "
    "halted arms deliveries. He spoke in Saint Petersburg.\n"
    "Mr Peskov said the situation was extremely tense."
)
PUTIN_TEXT = (
    "Putin said their treaty is not a mutual defence pact. "
    "Russia sees Iran as a vital strategic partner."
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args) -> dict:
    """Drive Debian's Chromium (nothing is downloaded); see ``tests/ui/test_browser.py``.

    Playwright's sync API keeps an event loop running in the test thread, which makes Django
    refuse ORM calls there (database setup, fixtures, assertions) although they are all
    synchronous; the browser tests therefore allow them, from before the browser starts.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def anon() -> Client:
    return Client()


@pytest.fixture
def reader_client(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def corpus(db, editor):
    """Two articles: an accepted conditional claim, a suggested one, a rejected one, a link."""
    peskov = make_actor("Dmitry Peskov", aliases=["Mr Peskov"], description="Kremlin spokesman")
    putin = make_actor("Vladimir Putin")
    first = make_document(PESKOV_TEXT, title="Kremlin warns", published=dt.date(2025, 6, 20))
    second = make_document(PUTIN_TEXT, title="Treaty is no pact", published=dt.date(2025, 6, 19))
    accepted = make_claim(
        first, "Russia would only agree to a ceasefire if the West halted arms deliveries",
        user=editor, speaker=peskov, mention="Kremlin spokesman Dmitry Peskov", cue="said",
        status=Claim.Status.ACCEPTED,
        conditions=(("only_if", "if the West halted arms deliveries"),),
    )  # fmt: skip
    suggested = make_claim(
        first, "the situation was extremely tense", user=editor, speaker=peskov,
        mention="Mr Peskov", status=Claim.Status.SUGGESTED, worthiness=0.9,
    )  # fmt: skip
    rejected = make_claim(
        second, "Russia sees Iran as a vital strategic partner", user=editor,
        status=Claim.Status.REJECTED,
    )  # fmt: skip
    treaty = make_claim(
        second, "their treaty is not a mutual defence pact", user=editor, speaker=putin,
        mention="Putin", status=Claim.Status.SUGGESTED,
        conditions=(("negation", "not a mutual defence pact"),),
    )  # fmt: skip
    link = CrossReference.objects.create(
        source=accepted, target=treaty, relation="related", score=0.6, origin=Origin.MACHINE
    )
    return {
        "documents": [first, second], "peskov": peskov, "putin": putin, "accepted": accepted,
        "suggested": suggested, "rejected": rejected, "treaty": treaty, "link": link,
    }  # fmt: skip
