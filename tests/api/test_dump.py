"""The full dump: ``export_dump`` then ``import_dump`` into an empty database restores every
row of every model (ids, timestamps and history included); bad or partial dumps change
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from claims import review
from claims.dump import PARTS, _is_user_field
from claims.models import Claim, CrossReference
from corpus.models import Document
from tests.api.factories import build_corpus

pytestmark = pytest.mark.django_db
User = get_user_model()


def flush() -> None:
    """Empty the database as ``manage.py flush`` does (foreign keys checked first: PostgreSQL
    refuses to truncate tables with deferred checks pending in the test's transaction)."""
    connection.check_constraints()
    call_command("flush", interactive=False)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every dumped model (and the claim-sentence links), users by username."""
    usernames = dict(User.objects.values_list("pk", "username"))
    tables: dict[str, list[dict]] = {}
    for part in PARTS:
        user_fields = [f.attname for f in part.fields if _is_user_field(f)]
        rows = list(part.model._base_manager.order_by("pk").values())
        for row in rows:
            for name in user_fields:
                row[name] = usernames.get(row[name])
        tables[part.name] = rows
    tables["claim sentences"] = list(
        Claim.sentences.through.objects.order_by("claim_id", "sentence_id").values_list(
            "claim_id", "sentence_id"
        )
    )
    return tables


@pytest.fixture
def work(editor, reader):
    """Review work of every kind, with some history."""
    corpus = build_corpus(editor)
    review.claim_update(claim=corpus.suggested, user=editor, status="accepted")
    review.claim_update(claim=corpus.suggested, user=reader, check_worthiness=0.8)
    review.annotation_create(claim=corpus.suggested, author=reader, body="Sourced? “Quote” ✓")
    CrossReference.objects.create(
        source=corpus.rejected, target=corpus.other_accepted, relation="contradicts", score=0.42
    )
    review.actors_merge(target=corpus.minister, others=[corpus.critics], user=editor)
    return corpus


@pytest.fixture
def full(seeded, work):
    """The seed articles, ingested through the real pipeline, and the review work."""
    return work


def test_a_dump_restores_every_row_into_an_empty_database(full, tmp_path: Path):
    before = snapshot()
    assert before["document"] and before["history.claim"] and before["claim sentences"]
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    flush()
    assert not Document.objects.exists() and not User.objects.exists()
    call_command("import_dump", str(path))
    assert snapshot() == before


def test_each_line_is_one_object_with_a_model_key(work, tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    models = [line["model"] for line in lines]
    assert models[0] == "claimtrack.dump" and models[-1] == "claimtrack.end"
    assert {"user", "document", "sentence", "actor", "claim", "condition", "crossreference",
            "annotation", "verdict"} <= set(models)  # fmt: skip
    claim = next(line for line in lines if line["model"] == "claim")
    assert claim["sentences"] and all(isinstance(i, int) for i in claim["sentences"])
    annotation = next(line for line in lines if line["model"] == "annotation")
    assert annotation["author"] in {"erin", "rhea"}  # users by username
    assert not any("password" in line for line in lines)


def test_restored_users_cannot_sign_in_until_given_a_password(work, tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    flush()
    call_command("import_dump", str(path))
    erin = User.objects.get(username="erin")
    assert not erin.has_usable_password()


def test_new_rows_after_a_restore_get_fresh_ids(work, tmp_path: Path, editor):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    highest = Claim.objects.order_by("-pk").first().pk
    flush()
    call_command("import_dump", str(path))
    document = Document.objects.get(title="Talks stall")
    claim = review.claim_create(
        document=document, user=None, content_start=0, content_end=5, kind="assertion"
    )
    assert claim.pk > highest


def test_importing_into_a_database_with_data_is_refused_unless_replacing(full, tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    before = snapshot()
    Claim.objects.filter(pk=full.accepted.pk).update(status="rejected")
    changed = snapshot()
    with pytest.raises(CommandError, match="already holds"):
        call_command("import_dump", str(path))
    assert snapshot() == changed
    call_command("import_dump", str(path), "--replace")
    assert snapshot() == before


def corrupt(path: Path, model: str, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record["model"] == model:
            result = change(record)
            lines[i] = result if isinstance(result, str) else json.dumps(record)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("model", "change", "reason"),
    [
        ("claim", lambda r: r.update(text="something else"), "texts that do not match"),
        ("claim", lambda r: r.update(content_end=10**7), "outside their document"),
        ("claim", lambda r: r.update(kind="rumour"), "kind"),
        ("claim", lambda r: r.update(speaker=10**6), "no actor with id"),
        ("claim", lambda r: r.update(sentences=[10**6]), "no sentence with id"),
        ("claim", lambda r: r.update(colour="red"), "unknown field"),
        ("claim", lambda r: r.pop("status") and None, "missing field"),
        ("claim", lambda r: r.update(created_by="nobody"), "unknown user"),
        ("condition", lambda r: r.update(start=r["end"] + 5), "database rule"),
        ("document", lambda r: r.update(text=r["text"] + "!"), "content_hash"),
        ("verdict", lambda r: r.update(reviewed_on="2025-02-30"), "reviewed_on"),
        ("sentence", lambda r: '{"model": "sentence", "id": ', "not valid JSON"),
        ("claimtrack.end", lambda r: r.update(counts={"claim": 1}), "row counts"),
        ("claimtrack.end", lambda r: "", "incomplete"),
        ("claimtrack.dump", lambda r: r.update(format=99), "unsupported dump format"),
    ],
)
def test_a_bad_dump_is_refused_whole(work, tmp_path: Path, model, change, reason):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    corrupt(path, model, change)
    flush()
    with pytest.raises(CommandError, match=reason):
        call_command("import_dump", str(path))
    assert snapshot() == {name: [] for name in snapshot()}


def test_rows_out_of_order_are_refused(work, tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    verdict = next(i for i, line in enumerate(lines) if '"model":"verdict"' in line)
    lines.insert(-1, lines.pop(verdict))  # after the history records
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    flush()
    with pytest.raises(CommandError, match="must come before"):
        call_command("import_dump", str(path))


def test_export_dump_does_not_overwrite_a_file_unless_told(tmp_path: Path, db):
    path = tmp_path / "dump.jsonl"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(CommandError, match="exists"):
        call_command("export_dump", str(path))
    assert path.read_text(encoding="utf-8") == "keep me"
    call_command("export_dump", str(path), "--overwrite")
    assert path.read_text(encoding="utf-8").startswith('{"model":"claimtrack.dump"')


def test_the_api_dump_is_the_command_dump(work, reader_api, tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    call_command("export_dump", str(path))
    response = reader_api.get("/api/export/dump.jsonl")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    from_api = b"".join(response.streaming_content).decode("utf-8").splitlines()
    from_command = path.read_text(encoding="utf-8").splitlines()
    assert from_api[1:] == from_command[1:]  # all but the header's export time
