"""The web UI in a real browser: Debian's Chromium driven by Playwright against a live server.

Skipped when ``/usr/bin/chromium`` (or ``$CHROMIUM``) is missing. These tests use a transactional
database (the live server runs in another thread), which flushes rows made by data migrations, so
the ``editors`` group is made again here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from claims.models import Claim, Condition
from tests.ui.factories import make_actor, make_claim, make_document
from tests.ui.screenshots import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests",
    ),
]
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def erin(transactional_db) -> User:
    group, _ = Group.objects.get_or_create(name="editors")
    user = User.objects.create_user("erin", password="erin-password-1")
    user.groups.add(group)
    return user


@pytest.fixture
def seed_claims(erin, seeded) -> dict:
    """The seed article, with one accepted claim and one suggested claim made by hand, so the
    scenario does not depend on what the extractor finds."""
    document = seeded[0]
    peskov = make_actor("Dmitry Peskov")
    accepted = make_claim(
        document, "Russia would react “very negatively” should the Iranian leader be killed",
        user=erin, speaker=peskov, mention="Kremlin spokesman Dmitry Peskov", cue="told",
        status=Claim.Status.ACCEPTED, conditions=(("conditional", "should the Iranian leader be killed"),),
    )  # fmt: skip
    suggested = make_claim(
        document,
        "Russia would only agree to such a measure if Ukraine’s Western backers halted arms deliveries",
        user=erin, speaker=peskov, status=Claim.Status.SUGGESTED, worthiness=1.0,
    )  # fmt: skip
    return {"document": document, "accepted": accepted, "suggested": suggested}


def sign_in(page: Page, base: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("erin-password-1")
    page.get_by_role("button", name="Sign in").click()


def api_claims_is_routed() -> bool:
    try:
        resolve("/api/claims/")
    except Resolver404:
        return False
    return True


def test_an_editor_accepts_a_claim_that_anyone_can_then_read(page: Page, live_server, seed_claims):
    base = live_server.url
    document, accepted, suggested = (seed_claims[k] for k in ("document", "accepted", "suggested"))

    # Anonymous: the reader highlights the accepted claim only; focusing it shows the claim.
    page.goto(f"{base}{document.get_absolute_url()}")
    mark = page.locator(f'#reader-text mark.hl-content[data-claim="{accepted.pk}"]').first
    expect(mark).to_be_visible()
    expect(page.locator(f'#reader-text mark[data-claim="{suggested.pk}"]')).to_have_count(0)
    expect(page.locator("#reader-text mark.hl-condition").first).to_be_visible()
    page.locator(f'#reader-text mark[data-claim="{accepted.pk}"][tabindex="0"]').focus()
    focus = page.locator("#claim-focus")
    expect(focus).to_contain_text("Dmitry Peskov")
    expect(focus).to_contain_text("should the Iranian leader be killed")
    focus.get_by_role("link", name="Open the claim").click()
    expect(page).to_have_url(f"{base}{accepted.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Dmitry Peskov")

    # The editor accepts the suggested claim from the queue with the keyboard.
    sign_in(page, base, f"/review/?order=worthiness%26document={document.pk}")
    card = page.locator(".queue-item").first
    expect(card).to_have_attribute("id", f"claim-{suggested.pk}")
    expect(card.locator("blockquote.context mark.hl-content")).to_be_visible()
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("a")
    expect(page.locator(f"#claim-{suggested.pk}")).to_have_attribute("data-status", "accepted")
    expect(page.locator(f"#claim-{suggested.pk}")).to_contain_text("Accepted.")
    assert Claim.objects.get(pk=suggested.pk).status == Claim.Status.ACCEPTED

    # Anyone now sees it: on its page, and in the API once the API routes claims.
    context = page.context.browser.new_context()
    anonymous = context.new_page()
    response = anonymous.goto(f"{base}{suggested.get_absolute_url()}")
    assert response.status == 200
    expect(anonymous.locator(".claim-quote")).to_contain_text("only agree to such a measure")
    if api_claims_is_routed():
        data = anonymous.request.get(f"{base}/api/claims/?status=accepted&page_size=1000").json()
        assert suggested.pk in [row["id"] for row in data["results"]]
    context.close()


def test_a_stale_card_shows_a_message_instead_of_overwriting(
    page: Page, live_server, seed_claims, erin
):
    base, suggested = live_server.url, seed_claims["suggested"]
    sign_in(page, base, f"/review/?order=worthiness%26document={seed_claims['document'].pk}")
    card = page.locator(f"#claim-{suggested.pk}")
    expect(card).to_be_visible()
    from claims import review

    review.claim_update(claim=suggested.pk, user=erin, check_worthiness=0.99)  # someone else
    card.get_by_role("button", name="Reject").click()
    expect(card).to_contain_text("Someone else changed this claim after you loaded it")
    assert Claim.objects.get(pk=suggested.pk).status == Claim.Status.SUGGESTED


def test_a_condition_is_added_by_selecting_its_words(page: Page, live_server, erin):
    # An emoji before the words: offsets are code points, not the browser's UTF-16 units.
    document = make_document("Peskov 😀 said the talks would resume if Kyiv agreed. Nothing more.")
    claim = make_claim(
        document, "the talks would resume if Kyiv agreed", user=erin,
        speaker=make_actor("Dmitry Peskov"), mention="Peskov", cue="said",
    )  # fmt: skip
    sign_in(page, live_server.url, "/review/")
    card = page.locator(f"#claim-{claim.pk}")
    card.locator("summary").click()
    card.locator("blockquote.context").evaluate(
        """(context) => {
            const walker = document.createTreeWalker(context, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode()) && !node.data.includes("if Kyiv agreed")) {}
            const at = node.data.indexOf("if Kyiv agreed");
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + "if Kyiv agreed".length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    card.locator(".condition-form [data-use-selection]").click()
    start = document.text.index("if Kyiv agreed")
    expect(card.locator(".condition-form input[name=start]")).to_have_value(str(start))
    expect(card.locator(".condition-form input[name=end]")).to_have_value(str(start + 14))
    card.get_by_label("Kind").select_option("conditional")
    card.get_by_role("button", name="Add condition").click()
    expect(page.locator(f"#claim-{claim.pk}")).to_contain_text("Condition added.")
    condition = Condition.objects.get(claim=claim)
    assert (condition.text, condition.kind) == ("if Kyiv agreed", "conditional")


def test_an_article_with_markup_shows_it_as_text_and_runs_nothing(page: Page, live_server, erin):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    document = make_document(
        f"The minister said {SCRIPT} was harmless. <img src=x onerror=alert(2)> Nobody replied.",
        title=f"Markup {SCRIPT}",
    )
    speaker = make_actor(f"Mallory {SCRIPT}")
    claim = make_claim(
        document, f"{SCRIPT} was harmless", user=erin, speaker=speaker, mention="The minister",
        status=Claim.Status.ACCEPTED,
    )  # fmt: skip
    for url in (document.get_absolute_url(), claim.get_absolute_url(), speaker.get_absolute_url()):
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("main")).to_contain_text(SCRIPT)
    page.goto(f"{live_server.url}{document.get_absolute_url()}")
    expect(page.locator("#reader-text")).to_contain_text("<img src=x onerror=alert(2)>")
    expect(page.locator("#reader-text img")).to_have_count(0)
    page.wait_for_timeout(200)
    assert dialogs == []
