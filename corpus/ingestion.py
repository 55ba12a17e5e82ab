"""Reading articles from files and request bodies, with validation. No database access here.

Every reader yields :class:`ArticleInput` (ready to store) or :class:`ArticleError` (what was
wrong, and where) so that one bad article never stops the others.

The stored text is the source text with only these changes: a leading ``date YYYY-MM-DD`` marker
removed (it sets ``published``), line endings normalised to ``\\n``, and leading and trailing
white space stripped. Nothing else is rewritten, so offsets computed on the file stay valid after
a constant shift.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
DATE_MARKER = re.compile(r"\Adate[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|\Z)")
OPTIONAL_FIELDS = ("title", "url", "outlet", "published", "language")
LIMITS = {"title": 500, "url": 2000, "outlet": 200, "language": 16}


class ArticleError(ValueError):
    """An article that cannot be ingested: ``reason`` says why, ``source`` where it came from."""

    def __init__(self, reason: str, *, source: str = "", field: str = "text") -> None:
        super().__init__(f"{source}: {reason}" if source else reason)
        self.reason = reason
        self.source = source
        self.field = field


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """A validated article, its text already normalised."""

    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    published: dt.date | None = None
    language: str = "en"
    source_name: str = ""
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "content_hash", content_hash(self.text))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(raw: str) -> tuple[str, dt.date | None]:
    """Apply the only allowed changes to a source text; return it and the marker's date."""
    text = raw.lstrip("\ufeff")
    published = None
    match = DATE_MARKER.match(text.lstrip())
    if match:
        published = parse_date(match.group(1), field="date marker")
        text = text.lstrip()[match.end() :]
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text, published


def parse_date(value: object, *, field: str = "published") -> dt.date | None:
    """``YYYY-MM-DD`` (or an ISO date-time) to a date; ``None``/"" to ``None``; else an error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ArticleError(f"{field} must be a date string YYYY-MM-DD", field=field)
    candidate = value.strip()
    try:
        if len(candidate) > 10 and candidate[10] in "T ":
            return dt.datetime.fromisoformat(candidate).date()
        return dt.date.fromisoformat(candidate)
    except ValueError:
        raise ArticleError(
            f"{field} {value!r} is not a valid date (YYYY-MM-DD)", field=field
        ) from None


def build_article(
    *,
    text: object,
    max_chars: int,
    source_name: str = "",
    title: object = "",
    url: object = "",
    outlet: object = "",
    published: object = None,
    language: object = "en",
    normalise: bool = True,
) -> ArticleInput:
    """Validate raw fields and return an :class:`ArticleInput`; raise :class:`ArticleError`."""
    if not isinstance(text, str):
        raise ArticleError("text is required and must be a string", field="text")
    if "\x00" in text:
        raise ArticleError("text contains NUL bytes (binary data?)", field="text")
    marker_date = None
    if normalise:
        text, marker_date = normalise_text(text)
    if not text:
        raise ArticleError("the article is empty", field="text")
    if len(text) > max_chars:
        raise ArticleError(
            f"the article is too large ({len(text):,} characters; the limit is {max_chars:,})",
            field="text",
        )
    values: dict[str, str] = {}
    for name, value in (("title", title), ("url", url), ("outlet", outlet), ("language", language)):
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ArticleError(f"{name} must be a string", field=name)
        value = value.strip()
        if len(value) > LIMITS[name]:
            raise ArticleError(f"{name} is longer than {LIMITS[name]} characters", field=name)
        values[name] = value
    if values["url"] and not re.match(r"\Ahttps?://[^\s/]+\S*\Z", values["url"]):
        raise ArticleError(f"url {values['url']!r} is not an http(s) URL", field="url")
    if values["language"] and not re.fullmatch(
        r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", values["language"]
    ):
        raise ArticleError(
            f"language {values['language']!r} is not a language code", field="language"
        )
    published_date = parse_date(published) if published not in (None, "") else marker_date
    return ArticleInput(
        text=text,
        title=values["title"],
        url=values["url"],
        outlet=values["outlet"],
        published=published_date,
        language=values["language"] or "en",
        source_name=source_name,
    )


def decode_bytes(data: bytes, *, source: str) -> str:
    """UTF-8 text from bytes, refusing binary data and other encodings with a clear reason."""
    if b"\x00" in data:
        raise ArticleError("binary file (contains NUL bytes), not UTF-8 text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "re-save the file as UTF-8",
            source=source,
        ) from None


def extract_html(markup: str) -> dict[str, object]:
    """The main article text (and title, date) of an HTML page.

    Prefers ``<article>``, then ``<main>``, then ``<body>``; drops scripts, styles, navigation,
    headers, footers and asides; one block element (paragraph, heading, list item) per line.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    title = ""
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    meta_date = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find(
        "meta", attrs={"name": "date"}
    )
    published = meta_date.get("content") if meta_date else None
    for tag in soup(
        ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]
    ):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    heading = root.find("h1")
    if heading and heading.get_text(strip=True):
        title = heading.get_text(" ", strip=True)
    blocks = root.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"])
    lines: list[str] = []
    for block in blocks:
        if block.find_parent(["p", "li", "blockquote"]) is not None and block.name != "blockquote":
            continue  # nested inside a block already taken whole
        line = " ".join(block.get_text(" ", strip=True).split())
        if line:
            lines.append(line)
    if not lines:
        lines = [
            " ".join(line.split()) for line in root.get_text("\n").splitlines() if line.strip()
        ]
    return {"text": "\n\n".join(lines), "title": title, "published": published}


def read_path(path: Path, *, max_chars: int) -> Iterator[ArticleInput | ArticleError]:
    """Articles from one file, by its suffix."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield ArticleError(f"unsupported file type {suffix or '(none)'!r}", source=source)
        return
    if suffix == ".jsonl":
        yield from read_jsonl_file(path, max_chars=max_chars)
        return
    try:
        size = path.stat().st_size
        # A generous byte bound (4 bytes per character at most) avoids reading huge files whole.
        if size > _byte_limit(max_chars):
            yield ArticleError(f"file is too large ({size:,} bytes)", source=source)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ArticleError(f"cannot read file ({exc.strerror})", source=source)
        return
    try:
        text = decode_bytes(data, source=source)
    except ArticleError as exc:
        yield exc
        return
    try:
        if suffix in (".html", ".htm"):
            fields = extract_html(text)
            yield build_article(
                text=fields["text"], title=fields["title"], published=_lenient_date(fields["published"]),
                source_name=source, max_chars=max_chars,
            )  # fmt: skip
        else:
            yield build_article(text=text, source_name=source, max_chars=max_chars)
    except ArticleError as exc:
        yield ArticleError(exc.reason, source=source, field=exc.field)


def _lenient_date(value: object) -> object:
    """HTML meta dates are often sloppy: keep a valid one, drop the rest."""
    try:
        return parse_date(value)
    except ArticleError:
        return None


def _byte_limit(max_chars: int) -> int:
    """Bytes that can hold ``max_chars`` characters of UTF-8 (4 bytes each at most), and a margin."""
    return max_chars * 4 + 1024


def read_jsonl(text: str, *, source: str, max_chars: int) -> Iterator[ArticleInput | ArticleError]:
    """One article per non-blank line: ``text`` required; title, url, outlet, published optional.

    Lines end at ``\n`` (or ``\r\n``), as JSON Lines says: other line separators, which
    JSON allows inside strings, stay part of their record.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        yield from _jsonl_record(line, where=f"{source} line {number}", max_chars=max_chars)


def read_jsonl_file(path: Path, *, max_chars: int) -> Iterator[ArticleInput | ArticleError]:
    """:func:`read_jsonl` over a file read line by line: any size, in bounded memory.

    A line too long to hold an article within the limit is refused (and skipped unread)
    with its number; the lines after it are read as usual.
    """
    source = str(path)
    limit = _byte_limit(max_chars)
    try:
        with path.open("rb") as handle:
            number = 0
            while True:
                raw = handle.readline(limit + 1)
                if not raw:
                    return
                number += 1
                where = f"{source} line {number}"
                if len(raw) > limit and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = handle.readline(1 << 20)
                    yield ArticleError(
                        f"line is too long for an article (over {limit:,} bytes)", source=where
                    )
                    continue
                try:
                    line = decode_bytes(raw, source=where)
                except ArticleError as exc:
                    yield exc
                    continue
                if number == 1:
                    line = line.removeprefix("\ufeff")
                yield from _jsonl_record(line, where=where, max_chars=max_chars)
    except OSError as exc:
        yield ArticleError(f"cannot read file ({exc.strerror})", source=source)


def _jsonl_record(
    line: str, *, where: str, max_chars: int
) -> Iterator[ArticleInput | ArticleError]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield ArticleError(f"malformed JSON ({exc.msg} at column {exc.colno})", source=where)
        return
    if not isinstance(record, dict):
        yield ArticleError("each line must be a JSON object", source=where)
        return
    try:
        yield build_article(
            text=record.get("text"),
            max_chars=max_chars,
            source_name=where,
            **{name: record.get(name) for name in OPTIONAL_FIELDS if name in record},
        )
    except ArticleError as exc:
        yield ArticleError(exc.reason, source=where, field=exc.field)


def iter_paths(paths: list[Path]) -> Iterator[Path | ArticleError]:
    """Files named, and files under folders named (recursively, sorted), of supported types."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield ArticleError("no such file or folder", source=str(path))
