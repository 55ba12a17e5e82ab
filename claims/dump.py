"""The full dump: every document, sentence, actor, claim, condition, cross-reference,
annotation and verdict (and their change history) as JSON Lines, and its restore.

Format (``format`` 1), one JSON object per line, each with a ``model`` key:

- first line ``{"model": "claimtrack.dump", "format": 1, "exported_at": ...}``;
- ``user`` lines: the users the data refers to (``username``, names, e-mail; never
  passwords). Everywhere else a user is referred to by username;
- then, in this order, ``document``, ``sentence``, ``actor``, ``claim`` (with ``sentences``: the
  ids of its sentences), ``condition``, ``crossreference``, ``annotation``, ``verdict`` and the
  history records ``history.actor`` ... ``history.verdict``. Every stored field is present,
  named as in the model; related objects by id; dates and times in ISO 8601;
- last line ``{"model": "claimtrack.end", "counts": {model: rows}}``, so a truncated file
  is refused rather than half restored.

``restore()`` keeps ids, timestamps and history exactly, validates every row (field types and
choices, references, span offsets and texts, content hashes) and runs in one transaction:
all or nothing. It refuses a database that already holds claimtrack data unless told to
replace it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from claims.models import Actor, Annotation, Claim, Condition, CrossReference, Verdict
from corpus.models import Document, Sentence

FORMAT = 1
HEADER = "claimtrack.dump"
FOOTER = "claimtrack.end"
CHUNK_SIZE = 1000

User = get_user_model()


class DumpError(ValueError):
    """A dump that cannot be restored: ``line`` says where (0 when not tied to one line)."""

    def __init__(self, reason: str, *, line: int = 0) -> None:
        super().__init__(f"line {line}: {reason}" if line else reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Part:
    """One kind of row in the dump."""

    name: str
    model: type[models.Model]
    many_to_many: tuple[str, ...] = ()
    history: bool = False

    @property
    def fields(self) -> list[models.Field]:
        return list(self.model._meta.concrete_fields)


MAIN_PARTS = [
    Part("document", Document),
    Part("sentence", Sentence),
    Part("actor", Actor),
    Part("claim", Claim, many_to_many=("sentences",)),
    Part("condition", Condition),
    Part("crossreference", CrossReference),
    Part("annotation", Annotation),
    Part("verdict", Verdict),
]
HISTORY_PARTS = [
    Part(f"history.{name}", model.history.model, history=True)
    for name, model in (
        ("actor", Actor), ("claim", Claim), ("condition", Condition),
        ("crossreference", CrossReference), ("annotation", Annotation), ("verdict", Verdict),
    )
]  # fmt: skip
PARTS = [*MAIN_PARTS, *HISTORY_PARTS]
PART_BY_NAME = {part.name: part for part in PARTS}


def _is_user_field(model_field: models.Field) -> bool:
    return model_field.is_relation and model_field.related_model is User


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --- Export -----------------------------------------------------------------------------------


def _referenced_user_ids() -> set[int]:
    ids: set[int] = set()
    for part in PARTS:
        for model_field in part.fields:
            if _is_user_field(model_field):
                ids |= set(
                    part.model._base_manager.exclude(**{f"{model_field.attname}__isnull": True})
                    .order_by()
                    .values_list(model_field.attname, flat=True)
                    .distinct()
                )
    return ids


def _rows(part: Part, usernames: dict[int, str]) -> Iterator[dict[str, Any]]:
    fields = part.fields
    attnames = [f.attname for f in fields]
    rows = (
        part.model._base_manager.order_by("pk")
        .values_list(*attnames)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    batch: list[tuple] = []

    def flush() -> Iterator[dict[str, Any]]:
        links: dict[int, dict[str, list[int]]] = {}
        for name in part.many_to_many:
            through = part.model._meta.get_field(name).remote_field.through
            source = part.model._meta.model_name
            target = part.model._meta.get_field(name).related_model._meta.model_name
            pks = [row[attnames.index(part.model._meta.pk.attname)] for row in batch]
            pairs = (
                through.objects.filter(**{f"{source}_id__in": pks})
                .order_by(f"{source}_id", f"{target}_id")
                .values_list(f"{source}_id", f"{target}_id")
            )
            for owner, other in pairs:
                links.setdefault(owner, {}).setdefault(name, []).append(other)
        for row in batch:
            record: dict[str, Any] = {"model": part.name}
            for model_field, value in zip(fields, row, strict=True):
                if _is_user_field(model_field):
                    record[model_field.name] = usernames.get(value) if value is not None else None
                else:
                    record[model_field.name] = _json_value(value)
            for name in part.many_to_many:
                record[name] = links.get(record[part.model._meta.pk.name], {}).get(name, [])
            yield record

    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK_SIZE:
            yield from flush()
            batch.clear()
    if batch:
        yield from flush()


def dump_records() -> Iterator[dict[str, Any]]:
    """Every line of the dump as a dict, in order (streamed: memory bounded by a chunk)."""
    yield {"model": HEADER, "format": FORMAT, "exported_at": timezone.now().isoformat()}
    user_ids = _referenced_user_ids()
    users = User._base_manager.filter(pk__in=user_ids).order_by("username")
    usernames: dict[int, str] = {}
    for user in users:
        usernames[user.pk] = user.get_username()
        yield {
            "model": "user",
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
        }
    counts = {"user": len(usernames)}
    for part in PARTS:
        counts[part.name] = 0
        for record in _rows(part, usernames):
            counts[part.name] += 1
            yield record
    yield {"model": FOOTER, "counts": counts}


def dump_lines() -> Iterator[str]:
    """The dump as JSON Lines text, one line per record."""
    for record in dump_records():
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- Restore ----------------------------------------------------------------------------------


def has_data() -> bool:
    return any(part.model._base_manager.exists() for part in PARTS)


def wipe() -> None:
    """Delete all claimtrack data and history (users stay)."""
    Document.objects.all().delete()
    Actor.objects.all().delete()
    for part in HISTORY_PARTS:
        part.model._base_manager.all().delete()


@dataclass
class Restore:
    """State of one restore: the ids seen so far (for references) and the rows waiting."""

    users: dict[str, int] = field(default_factory=dict)
    seen: dict[str, set[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pending: list[models.Model] = field(default_factory=list)
    links: list[models.Model] = field(default_factory=list)
    part: Part | None = None

    def flush(self) -> None:
        if self.part is None or not self.pending:
            return
        model = self.part.model
        fields = self.part.fields
        size = max(1, connection.ops.bulk_batch_size(fields, self.pending))
        for start in range(0, len(self.pending), size):
            # A raw insert (as loaddata does): stored ids and auto_now timestamps are kept
            # as given and no signal runs, so restoring does not add history records.
            model._base_manager._insert(self.pending[start : start + size], fields=fields, raw=True)
        self.pending.clear()
        if self.links:
            self.links[0].__class__.objects.bulk_create(self.links)
            self.links.clear()


#: Foreign keys checked against the rows restored before them (history rows keep dangling ids).
REFERENCES = {
    ("sentence", "document"): "document",
    ("claim", "document"): "document",
    ("claim", "speaker"): "actor",
    ("condition", "claim"): "claim",
    ("condition", "outcome_sentence"): "sentence",
    ("crossreference", "source"): "claim",
    ("crossreference", "target"): "claim",
    ("annotation", "claim"): "claim",
    ("verdict", "claim"): "claim",
}


def _build(part: Part, record: dict[str, Any], state: Restore, line: int) -> models.Model:
    expected = {f.name for f in part.fields} | set(part.many_to_many) | {"model"}
    unknown = sorted(set(record) - expected)
    missing = sorted(expected - set(record))
    if unknown:
        raise DumpError(f"{part.name}: unknown field(s) {', '.join(unknown)}", line=line)
    if missing:
        raise DumpError(f"{part.name}: missing field(s) {', '.join(missing)}", line=line)
    values: dict[str, Any] = {}
    for model_field in part.fields:
        value = record[model_field.name]
        if _is_user_field(model_field):
            if value is not None:
                if value not in state.users:
                    raise DumpError(
                        f"{part.name}.{model_field.name}: unknown user {value!r}", line=line
                    )
                value = state.users[value]
        elif model_field.is_relation:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise DumpError(f"{part.name}.{model_field.name}: expected an id", line=line)
            target = REFERENCES.get((part.name, model_field.name))
            if target and value is not None and value not in state.seen.get(target, ()):
                raise DumpError(
                    f"{part.name}.{model_field.name}: no {target} with id {value} before this line",
                    line=line,
                )
        else:
            try:
                value = model_field.to_python(value)
            except ValidationError as exc:
                raise DumpError(
                    f"{part.name}.{model_field.name}: {exc.messages[0]}", line=line
                ) from None
        values[model_field.attname] = value
    instance = part.model(**values)
    try:
        # Relations are checked above (without a query each); a null where null is allowed
        # is valid data even when forms would ask for a value (blank=False).
        instance.clean_fields(
            exclude=[
                f.name
                for f in part.fields
                if f.is_relation or (f.null and values[f.attname] is None)
            ]
        )
    except ValidationError as exc:
        problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        raise DumpError(f"{part.name} {record.get('id')}: {problems}", line=line) from None
    if (
        part.name == "document"
        and instance.content_hash != hashlib.sha256(instance.text.encode("utf-8")).hexdigest()
    ):
        raise DumpError(f"document {instance.pk}: content_hash does not match its text", line=line)
    for name in part.many_to_many:
        ids = record[name]
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise DumpError(f"{part.name}.{name}: expected a list of ids", line=line)
        through = part.model._meta.get_field(name).remote_field.through
        owner = f"{part.model._meta.model_name}_id"
        target = f"{part.model._meta.get_field(name).related_model._meta.model_name}_id"
        for other in ids:
            if other not in state.seen.get("sentence", ()):
                raise DumpError(f"{part.name}.{name}: no sentence with id {other}", line=line)
            state.links.append(through(**{owner: instance.pk, target: other}))
    return instance


def _check_spans() -> None:
    """Every span lies in its document's text and every stored span text matches it (in SQL)."""

    def cut(prefix: str, start: str, end: str):
        return Substr(f"{prefix}text", F(start) + 1, F(end) - F(start))

    problems = {
        "sentence": Sentence.objects.filter(
            ~Q(text=cut("document__", "start", "end")) | Q(end__gt=Length("document__text"))
        ),
        "claim": Claim.objects.filter(
            ~Q(text=cut("document__", "content_start", "content_end"))
            | Q(content_end__gt=Length("document__text"))
            | Q(cue_end__gt=Length("document__text"))
            | Q(speaker_end__gt=Length("document__text"))
            | Q(cue_start__isnull=True, cue_end__isnull=False)
            | Q(cue_start__isnull=False, cue_end__isnull=True)
            | Q(speaker_start__isnull=True, speaker_end__isnull=False)
            | Q(speaker_start__isnull=False, speaker_end__isnull=True)
        ),
        "condition": Condition.objects.filter(
            ~Q(text=cut("claim__document__", "start", "end"))
            | Q(end__gt=Length("claim__document__text"))
        ),
        "annotation": Annotation.objects.filter(end__gt=Length("claim__document__text")),
        "claim sentence link": Claim.sentences.through.objects.exclude(
            sentence__document=F("claim__document")
        ),
    }
    for name, rows in problems.items():
        bad = list(rows.values_list("pk", flat=True)[:5])
        if bad:
            raise DumpError(
                f"{name} rows with spans outside their document or texts that do not match it "
                f"(ids {', '.join(map(str, bad))})"
            )


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(
        no_style(), [part.model for part in PARTS] + [Claim.sentences.through]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _records(lines: Iterable[str | bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            raise DumpError("not valid UTF-8", line=number) from None
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DumpError(f"not valid JSON ({exc.msg})", line=number) from None
        if not isinstance(record, dict) or not isinstance(record.get("model"), str):
            raise DumpError('each line must be a JSON object with a "model" key', line=number)
        yield number, record


@transaction.atomic
def restore(lines: Iterable[str | bytes], *, replace: bool = False) -> dict[str, int]:
    """Restore a dump; returns rows restored per model. All or nothing: raises ``DumpError``."""
    if has_data():
        if not replace:
            raise DumpError(
                "the database already holds documents, actors or claims; restore into an empty "
                "database, or replace what is there explicitly (import_dump --replace)"
            )
        wipe()
    state = Restore()
    order = ["user", *PART_BY_NAME]
    position = -1
    header = footer = False
    for number, record in _records(lines):
        name = record["model"]
        if footer:
            raise DumpError("data after the end line", line=number)
        if not header:
            if name != HEADER:
                raise DumpError(f'the first line must be the "{HEADER}" header', line=number)
            if record.get("format") != FORMAT:
                raise DumpError(
                    f"unsupported dump format {record.get('format')!r} (expected {FORMAT})",
                    line=number,
                )
            header = True
            continue
        if name == FOOTER:
            state.flush()
            expected = record.get("counts")
            if not isinstance(expected, dict) or {k: v for k, v in expected.items() if v} != {
                k: v for k, v in state.counts.items() if v
            }:
                raise DumpError(
                    f"row counts {state.counts} do not match the end line's {expected}", line=number
                )
            footer = True
            continue
        if name not in order:
            raise DumpError(f"unknown model {name!r}", line=number)
        index = order.index(name)
        if index < position:
            raise DumpError(f"{name} rows must come before {order[position]} rows", line=number)
        if index > position:
            state.flush()
            position = index
            state.part = PART_BY_NAME.get(name)
        state.counts[name] = state.counts.get(name, 0) + 1
        if name == "user":
            username, user_id = _restore_user(record, number)
            state.users[username] = user_id
            continue
        instance = _build(state.part, record, state, number)
        if instance.pk is None:
            raise DumpError(f"{name}: missing id", line=number)
        seen = state.seen.setdefault(name, set())
        if instance.pk in seen:
            raise DumpError(f"{name}: id {instance.pk} appears twice", line=number)
        seen.add(instance.pk)
        state.pending.append(instance)
        if len(state.pending) >= CHUNK_SIZE:
            state.flush()
    if not header:
        raise DumpError("the file is empty")
    if not footer:
        raise DumpError(f'the "{FOOTER}" line is missing: the file is incomplete')
    _check_spans()
    # Foreign keys are checked at commit; check them now, while a failure still rolls back
    # with a clear error.
    connection.check_constraints()
    _reset_sequences()
    return state.counts


def _restore_user(record: dict[str, Any], line: int) -> tuple[str, int]:
    username = record.get("username")
    if not isinstance(username, str) or not username:
        raise DumpError("user: username must be a non-empty string", line=line)
    details = {name: record.get(name, "") for name in ("first_name", "last_name", "email")}
    if not all(isinstance(value, str) for value in details.values()):
        raise DumpError(f"user {username}: names and e-mail must be strings", line=line)
    user, created = User._base_manager.get_or_create(username=username, defaults=details)
    if created:
        # Nobody signs in with a restored account until an administrator sets a password.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return username, user.pk
