"""Article text, titles, speaker names and notes are shown as text on every page, never run."""

from __future__ import annotations

import html
import re
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import review
from claims.models import Actor, Claim
from tests.ui.factories import make_claim, make_document

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def hostile(editor):
    """Markup everywhere a user or an article can put text."""
    document = make_document(
        f"The minister said {SCRIPT} would be fine. Nobody else spoke.", title=f"Title {SCRIPT}"
    )
    actor = Actor.objects.create(
        name=f"Mallory {SCRIPT}", description=f"Role {SCRIPT}", aliases=[SCRIPT]
    )
    claim = make_claim(
        document, f"{SCRIPT} would be fine", user=editor, speaker=actor, mention="The minister",
        cue="said", status=Claim.Status.SUGGESTED, conditions=(("conditional", SCRIPT),),
    )  # fmt: skip
    review.annotation_create(claim=claim, author=editor, body=f"Note {SCRIPT}")
    return {"document": document, "actor": actor, "claim": claim}


@pytest.mark.parametrize(
    "which", ["reader", "claim", "actor", "/review/", "/", "/documents/", "/claims/", "edit"]
)
def test_markup_from_articles_and_people_is_escaped(editor_client, hostile, which):
    url = {
        "reader": hostile["document"].get_absolute_url(),
        "claim": hostile["claim"].get_absolute_url(),
        "actor": hostile["actor"].get_absolute_url(),
        "edit": f"/review/claims/{hostile['claim'].pk}/edit/",
    }.get(which, which)
    content = editor_client.get(url).content.decode()
    assert SCRIPT not in content
    assert ESCAPED in content


def test_a_note_with_markup_is_escaped_on_the_claim_page(editor_client, hostile):
    content = editor_client.get(hostile["claim"].get_absolute_url()).content.decode()
    assert f"Note {ESCAPED}" in content


def test_a_speaker_name_with_markup_is_escaped_in_the_review_queue(editor_client, hostile):
    content = editor_client.get("/review/").content.decode()
    assert f"Mallory {ESCAPED}" in content


def test_the_only_scripts_on_a_page_are_the_projects_own(editor_client, hostile):
    content = editor_client.get(hostile["document"].get_absolute_url()).content.decode()
    assert re.findall(r"<script[^>]*>", content) == [
        '<script src="/static/vendor/htmx.min.js" defer>',
        '<script src="/static/ui/claimtrack.js" defer>',
    ]


_numbers = count()
markup_text = st.lists(
    st.sampled_from(
        ["<", ">", "&", '"', "'", "script", "<img src=x onerror=alert(1)>", " ", "a", "é"]
    ),
    min_size=1,
    max_size=25,
).map("".join)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=markup_text, title=markup_text)
def test_any_article_text_reads_back_exactly_on_the_reader(anon, editor, words, title):
    text = f"Start {next(_numbers)}. {words} end."
    document = make_document(text, title=title)
    make_claim(document, text[6:], user=editor, status=Claim.Status.ACCEPTED)
    content = anon.get(document.get_absolute_url()).content.decode()
    body = content.split('id="reader-text">', 1)[1].split("</div>", 1)[0]
    shown = html.unescape(re.sub(r"</?(mark|p)\b[^>]*>", "", body))
    assert " ".join(shown.split()) == " ".join(text.split())
    assert "<img" not in body and "<script" not in body
    assert "<img" not in content.split("<h1", 1)[1].split("</h1>", 1)[0]
