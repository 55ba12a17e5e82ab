"""A JSON parser with a size limit and error messages that say what is wrong with the body.

Django enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for form posts only; DRF's JSON parser reads
the raw stream, so without this a single request could make the server read any amount of
data. Bodies must be UTF-8 JSON objects or arrays; ``NaN`` and ``Infinity`` are refused.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from config.exceptions import RequestTooLarge


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class JSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(f"The request body is larger than the limit of {limit:,} bytes.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"The request body is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at "
                f"position {exc.start})."
            ) from None
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, "
                f"column {exc.colno})."
            ) from None
        except ValueError as exc:
            raise ParseError(f"The request body is not valid JSON: {exc}.") from None
        except RecursionError:
            raise ParseError("The request body is nested too deeply.") from None
