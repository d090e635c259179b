"""Reads of matchmaking: needs, offers, introductions and suggested matches."""

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.capacity import matching
from aigov.capacity.models import Introduction, Need, Offer, OfferTerm
from aigov.core.errors import NotFound
from aigov.taxonomy.selectors import topic_names


def need_list(*, actor: Actor, status: str | None = None) -> QuerySet[Need]:
    """Return the needs `actor` may see (members), newest first; `status` narrows them."""
    needs = scope(actor, "capacity.view_need", Need.objects.all())
    if status:
        needs = needs.filter(status=status)
    return needs.select_related("country", "owner").order_by("-created_at", "-pk")


def need_get(*, actor: Actor, pk: int) -> Need:
    need = need_list(actor=actor).filter(pk=pk).first()
    if need is None:
        raise NotFound()
    return need


def offer_list(*, actor: Actor, status: str | None = None) -> QuerySet[Offer]:
    """Return the offers `actor` may see (members), newest first; `status` narrows them."""
    offers = scope(actor, "capacity.view_offer", Offer.objects.all())
    if status:
        offers = offers.filter(status=status)
    return offers.select_related("node", "owner", "offering").order_by("-created_at", "-pk")


def offer_get(*, actor: Actor, pk: int) -> Offer:
    offer = offer_list(actor=actor).filter(pk=pk).first()
    if offer is None:
        raise NotFound()
    return offer


OFFER_COLUMNS = ("pk", *matching.OFFER_MATCHED)


def _plain_rows(queryset: QuerySet[Any], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Read `columns` of an (already permission-scoped) queryset with the database driver
    directly, decoding JSON lists and dates here: Django's per-field converters were most of
    the time of reading 50,000 offers for the matcher (bench/capacity.py)."""
    sql, params = (
        queryset.select_related(None).order_by().values_list(*columns).query.sql_with_params()
    )
    model = queryset.model
    kinds = [type(model._meta.get_field("id" if c == "pk" else c)).__name__ for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    if not raw:
        return []
    decoded: list[Any] = []
    for kind, column in zip(kinds, zip(*raw, strict=True), strict=True):
        if kind == "JSONField" and isinstance(column[0], str):
            # One json.loads over the whole column instead of one call per value.
            decoded.append(json.loads("[" + ",".join(column) + "]"))
        elif kind == "DateField":
            decoded.append(
                [datetime.date.fromisoformat(v) if isinstance(v, str) else v for v in column]
            )
        else:
            decoded.append(column)
    return list(zip(*decoded, strict=True))


def open_offer_rows(*, actor: Actor) -> list[matching.OfferRow]:
    """Return the open offers `actor` may see as plain rows for the matcher."""
    offers = offer_list(actor=actor, status=Offer.Status.OPEN)
    return [matching.OfferRow(*row) for row in _plain_rows(offers, OFFER_COLUMNS)]


def candidate_offer_rows(
    *, actor: Actor, need: matching.NeedRow, today: datetime.date
) -> list[matching.OfferRow]:
    """Return the open offers `actor` may see that are candidates for `need`, as plain rows:
    not ended, and sharing a (language, topic) pair with it, read from the matcher's index
    (`OfferTerm`) instead of every open offer. The same offers the matcher's own inverted
    index would give (tested), so ranking them gives the same matches."""
    terms = matching.terms_of(need.languages, need.topics)
    if not terms:
        return []
    # Every pair of these languages and topics is one of the need's pairs: the index's
    # (language, topic) prefix answers `language IN … AND topic IN …` exactly.
    indexed = OfferTerm.objects.filter(
        language__in=sorted({language for language, _ in terms}),
        topic__in=sorted({topic for _, topic in terms}),
    )
    offers = (
        offer_list(actor=actor, status=Offer.Status.OPEN)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .filter(pk__in=indexed.values("offer_id"))
    )
    return [matching.OfferRow(*row) for row in _plain_rows(offers, OFFER_COLUMNS)]


@dataclass(frozen=True)
class SuggestedOffer:
    offer: Offer
    score: int
    reasons: list[str]


def need_matches(
    *, actor: Actor, need: Need, today: datetime.date, limit: int = 10
) -> list[SuggestedOffer]:
    """Rank the open offers `actor` may see for `need`, best first, each with its reasons.

    Only the need's candidates are read (`candidate_offer_rows`), then ranked as the matcher
    ranks them over every open offer (bench/capacity.py: one need at 50,000 open offers)."""
    need_row = matching.need_row(need)
    rows = candidate_offer_rows(actor=actor, need=need_row, today=today)
    ranked = matching.rank_plain(need_row, rows, today=today, limit=limit)
    offers = offer_list(actor=actor).in_bulk([match.offer_id for match in ranked])
    by_id = {row.id: row for row in rows}
    names = topic_names()
    suggested = []
    for match in ranked:
        explained = matching.explain(need_row, by_id[match.offer_id], topic_names=names)
        suggested.append(
            SuggestedOffer(
                offer=offers[match.offer_id], score=match.score, reasons=explained.reasons
            )
        )
    return suggested


def introduction_list(
    *, actor: Actor, need: Need | None = None, statuses: Sequence[str] = ()
) -> QuerySet[Introduction]:
    """Return the introductions `actor` is a side of (the secretariat: all), newest first;
    `need` and `statuses` narrow them."""
    introductions = scope(actor, "capacity.view_introduction", Introduction.objects.all())
    if need is not None:
        introductions = introductions.filter(need=need)
    if statuses:
        introductions = introductions.filter(status__in=statuses)
    return introductions.select_related("need", "offer", "offer__node").order_by(
        "-created_at", "-pk"
    )


def introduction_get(*, actor: Actor, pk: int) -> Introduction:
    introduction = introduction_list(actor=actor).filter(pk=pk).first()
    if introduction is None:
        raise NotFound()
    return introduction


def can_change_offer(*, actor: Actor, offer: Offer) -> bool:
    return has(actor, "capacity.change_offer", offer)


def offers_with_rights(*, actor: Actor, offers: Iterable[Offer]) -> list[tuple[Offer, bool]]:
    """Return `offers` (a page of `offer_list`), each with whether `actor` may close or reopen
    it."""
    return [(offer, can_change_offer(actor=actor, offer=offer)) for offer in offers]


def can_change_need(*, actor: Actor, need: Need) -> bool:
    return has(actor, "capacity.change_need", need)


NEED_COLUMNS = ("pk", "topics", "languages", "audiences", "region", "people", "due_by")


def open_need_rows(*, actor: Actor) -> list[matching.NeedRow]:
    """Return the open needs `actor` may see as plain rows for the matcher."""
    needs = need_list(actor=actor, status=Need.Status.OPEN)
    return [matching.NeedRow(*row) for row in _plain_rows(needs, NEED_COLUMNS)]


def match_open_needs(
    *, actor: Actor, today: datetime.date, limit: int = 10
) -> dict[int, list[matching.Match]]:
    """Rank the open offers for every open need `actor` may see (need id -> best first)."""
    matcher = matching.Matcher(open_offer_rows(actor=actor), today=today)
    return matcher.rank_all(open_need_rows(actor=actor), limit=limit)
