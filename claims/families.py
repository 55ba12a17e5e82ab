"""Claim families: claims joined by confirmed ``same_claim`` links, and where each first appeared.

A family is a connected component of the graph whose edges are the CONFIRMED ``same_claim``
cross-references (in either direction). Suggested or rejected links, and other relations, do
not join claims. The family's *first appearance* is the member in the earliest published
document; undated documents come after dated ones, and ties go to the claim stored first.

Everything here works on many claims at once in two queries, whatever their number: one
recursive query walks the links from all the given claims together, one loads the members
with their documents. Use :func:`families` and :func:`first_appearances` for lists;
:func:`family_of` and :func:`first_appearance` are the one-claim forms.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from claims.models import Claim, CrossReference

#: Recursive walk over confirmed same-claim links from a set of seed claims. ``UNION`` (not
#: ``UNION ALL``) drops rows already reached, so cycles end the walk.
_WALK = """
WITH RECURSIVE reach(seed, member) AS (
    SELECT id, id FROM {claim} WHERE id IN ({seeds})
    UNION
    SELECT reach.seed,
           CASE WHEN link.source_id = reach.member THEN link.target_id ELSE link.source_id END
    FROM reach JOIN {link} AS link
      ON (link.source_id = reach.member OR link.target_id = reach.member)
    WHERE link.status = %s AND link.relation = %s
)
SELECT seed, member FROM reach
"""


def _claim_id(claim: Claim | int) -> int:
    return claim.pk if isinstance(claim, Claim) else int(claim)


def family_ids(claims: Iterable[Claim | int]) -> dict[int, set[int]]:
    """For each given claim id, the ids of its family (itself included). One query."""
    seeds = sorted({_claim_id(claim) for claim in claims})
    if not seeds:
        return {}
    quote = connection.ops.quote_name
    sql = _WALK.format(
        claim=quote(Claim._meta.db_table),
        link=quote(CrossReference._meta.db_table),
        seeds=", ".join(["%s"] * len(seeds)),
    )
    params = [
        *seeds,
        CrossReference.Status.CONFIRMED.value,
        CrossReference.Relation.SAME_CLAIM.value,
    ]
    members: dict[int, set[int]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for seed, member in cursor.fetchall():
            members[seed].add(member)
    return dict(members)


def _appearance_order(claim: Claim) -> tuple:
    published = claim.document.published
    return (published is None, published or dt.date.max, claim.created_at, claim.pk)


def families(claims: Iterable[Claim | int]) -> dict[int, list[Claim]]:
    """For each given claim id, its family's claims (with ``document`` loaded), first appearance
    first. Two queries for any number of claims."""
    ids = family_ids(claims)
    every = {member for members in ids.values() for member in members}
    loaded = {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in=every).select_related("document", "speaker")
    }
    return {
        seed: sorted((loaded[m] for m in members if m in loaded), key=_appearance_order)
        for seed, members in ids.items()
    }


def first_appearances(claims: Iterable[Claim | int]) -> dict[int, Claim]:
    """For each given claim id, the family member that appeared first. Two queries."""
    return {seed: members[0] for seed, members in families(claims).items() if members}


def family_of(claim: Claim | int) -> list[Claim]:
    """The claims in ``claim``'s family (itself included), first appearance first."""
    return families([claim]).get(_claim_id(claim), [])


def first_appearance(claim: Claim | int) -> Claim:
    """The claim of ``claim``'s family in the earliest published document."""
    return first_appearances([claim])[_claim_id(claim)]
