"""The spaCy pipeline, loaded once per process and only when first needed.

The model name is the ``CLAIMTRACK_SPACY_MODEL`` setting (an installed package; nothing is
downloaded). A small component added before the parser makes every line break a sentence
boundary, so paragraphs and headings never run into each other.
"""

from __future__ import annotations

import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_lock = threading.Lock()


@Language.component("claimtrack_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every token that holds or is followed by a line break.

    Articles put one paragraph (or heading) per line; the statistical parser does not know
    that and happily joins a heading to the next paragraph.
    """
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
            elif i + 2 < len(doc):
                doc[i + 2].is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token's text on each access)."""
    text = doc.user_data.get("claimtrack_text")
    if text is None:
        text = doc.user_data["claimtrack_text"] = doc.text
    return text


def build_nlp(model: str) -> Language:
    """Load ``model`` with the components Claimtrack needs (parser, tagger, NER, lemmatizer)."""
    try:
        nlp = spacy.load(model, exclude=["textcat"])
    except OSError as exc:
        raise RuntimeError(
            f"The spaCy model {model!r} is not installed. Install the project's dependencies "
            "(pip install -e .) or set CLAIMTRACK_SPACY_MODEL to an installed pipeline."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claimtrack_line_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


@cache
def _load(model: str) -> Language:
    return build_nlp(model)


def get_nlp(model: str | None = None) -> Language:
    """The process-wide pipeline for ``model`` (default: the configured one)."""
    if model is None:
        from django.conf import settings

        model = settings.CLAIMTRACK_SPACY_MODEL
    with _lock:
        return _load(model)
