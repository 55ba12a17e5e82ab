"""Reading articles from files: formats, normalisation and every bad-input case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from corpus.ingestion import ArticleError, ArticleInput, build_article, normalise_text, read_path

MAX = 10_000


def read(path: Path) -> list[ArticleInput | ArticleError]:
    return list(read_path(path, max_chars=MAX))


def test_a_leading_date_marker_sets_published_and_is_removed():
    text, published = normalise_text("date 2025-06-19 Russia has issued a warning.\n")
    assert published == dt.date(2025, 6, 19)
    assert text == "Russia has issued a warning."


def test_only_line_endings_and_outer_white_space_change():
    raw = "  First line.\r\nSecond  line,\rthird.\r\n\r\n  Indented para.  \n"
    text, _ = normalise_text(raw)
    assert text == "First line.\nSecond  line,\nthird.\n\n  Indented para."


def test_an_impossible_marker_date_is_refused(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("date 2025-02-30 Some text.", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, ArticleError)
    assert "not a valid date" in error.reason


def test_a_plain_text_file_becomes_one_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody text here.", encoding="utf-8")
    [article] = read(path)
    assert article.text == "Headline\n\nBody text here."
    assert article.source_name == str(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n\n ", encoding="utf-8")
    [error] = read(path)
    assert error.reason == "the article is empty"


def test_a_latin1_file_is_refused_with_the_byte_named(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café society.".encode("latin-1"))
    [error] = read(path)
    assert "not valid UTF-8" in error.reason and "0xe9" in error.reason


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    [error] = read(path)
    assert "binary" in error.reason


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 3000, encoding="utf-8")
    [error] = read(path)
    assert "too large" in error.reason


def test_an_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    [error] = read(path)
    assert "unsupported file type" in error.reason


def test_json_lines_give_one_article_per_line_and_report_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {"text": "First story.", "title": "One", "outlet": "Wire", "published": "2025-06-01"}
        ),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Bad date.", "published": "2025-13-01"}),
        json.dumps(["a list"]),
        json.dumps({"text": "Second story.", "url": "https://example.org/2"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    results = read(path)
    good = [r for r in results if isinstance(r, ArticleInput)]
    bad = [r for r in results if isinstance(r, ArticleError)]
    assert [a.text for a in good] == ["First story.", "Second story."]
    assert good[0].published == dt.date(2025, 6, 1) and good[0].outlet == "Wire"
    assert [e.source.rsplit(" ", 1)[-1] for e in bad] == ["3", "4", "5", "6"]
    assert "malformed JSON" in bad[0].reason
    assert "text is required" in bad[1].reason
    assert "not a valid date" in bad[2].reason
    assert "JSON object" in bad[3].reason


def test_a_json_lines_file_is_read_line_by_line_and_an_overlong_line_is_skipped(tmp_path):
    path = tmp_path / "big.jsonl"
    small = 100  # characters per article: lines over ~1.4 kB cannot hold one
    path.write_bytes(
        b"\xef\xbb\xbf"  # a byte-order mark
        + json.dumps({"text": "Before the long line."}).encode()
        + b"\r\n"
        + json.dumps({"text": "x" * 50_000}).encode()
        + b"\n\xff not utf-8\n"
        + json.dumps({"text": "Kept \u2028 as one record."}, ensure_ascii=False).encode()
    )
    results = list(read_path(path, max_chars=small))
    assert [r.text for r in results if isinstance(r, ArticleInput)] == [
        "Before the long line.",
        "Kept \u2028 as one record.",
    ]
    errors = [r for r in results if isinstance(r, ArticleError)]
    assert [e.source.rsplit(" ", 1)[-1] for e in errors] == ["2", "3"]
    assert "line is too long" in errors[0].reason
    assert "not valid UTF-8" in errors[1].reason


def test_html_keeps_the_article_body_and_drops_navigation_and_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        """<html><head><title>Site | Story</title>
        <meta property="article:published_time" content="2025-06-19T10:00:00Z"></head>
        <body><nav>Home News</nav><script>alert(1)</script>
        <article><h1>Kremlin warns</h1><p>Peskov said <b>it</b> was over.</p><p>Second para.</p></article>
        <footer>© Site</footer></body></html>""",
        encoding="utf-8",
    )
    [article] = read(path)
    assert article.title == "Kremlin warns"
    assert article.text == "Kremlin warns\n\nPeskov said it was over.\n\nSecond para."
    assert article.published == dt.date(2025, 6, 19)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"text": None}, "text is required"),
        ({"text": 42}, "text is required"),
        ({"text": "ok", "title": 7}, "title must be a string"),
        ({"text": "ok", "url": "javascript:alert(1)"}, "not an http(s) URL"),
        ({"text": "ok", "language": "english!"}, "not a language code"),
        ({"text": "ok", "published": "yesterday"}, "not a valid date"),
        ({"text": "ok", "title": "x" * 501}, "longer than 500"),
        ({"text": "a\x00b"}, "NUL"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(fields, reason):
    with pytest.raises(ArticleError) as info:
        build_article(max_chars=MAX, **fields)
    assert reason in info.value.reason


def test_the_seed_with_a_date_marker_reads_as_the_contract_says():
    seed = Path(__file__).resolve().parents[2] / "seeds" / "004_f9cabb73e5839cc8.txt"
    [article] = read_path(seed, max_chars=500_000)
    assert article.published == dt.date(2025, 6, 19)
    assert article.text.startswith("Russia has issued a strong warning")
    raw = seed.read_text(encoding="utf-8")
    # Offsets computed on the file stay valid after a constant shift.
    shift = raw.index("Russia has issued")
    assert raw[shift : shift + len(article.text)] == article.text
