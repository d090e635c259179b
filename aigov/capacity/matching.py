"""Matchmaking of capacity needs and offers: ranked suggestions with their reasons.

An offer is a candidate for a need when it is open, has not ended, and shares at least one
language and one topic with the need (training in Russian does not meet a need in French).
Candidates are scored out of 100 with the default weights (`MATCHMAKING`, the named setting
`capacity.matchmaking`; each part is rounded to whole points):

- topics: `topic` (40) x the share of the need's topics the offer covers;
- language: `language` (20; every candidate shares one);
- region: `region` (15) when the offer serves the need's UN regional group, `region_any` (10)
  when it serves every region (or the need names none), 0 otherwise;
- audience: `audience` (10) when the offer is for one of the need's audiences (or the need
  names none);
- capacity: `capacity` (10) x seats / people, at most `capacity`;
- dates: `dates` (5) when the offer is available by the need's date (or the need has none).

`explain` scores one pair in plain Python and says why; `Matcher` ranks many needs at once:
candidates come from an inverted index on (language, topic) pairs, and each need's candidates
are scored together with NumPy on columnar arrays. The two agree (tested), and bench/capacity.py
times the matcher against the plain per-pair loop.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from aigov.capacity.models import Audience
from aigov.core.collation import join_list, sorted_by_name
from aigov.core.templatetags.aigov import language_names
from aigov.core.weights import Weights
from aigov.taxonomy.models import RegionalGroup

MATCHMAKING = Weights(
    "capacity.matchmaking",
    topic=40,
    language=20,
    region=15,
    region_any=10,
    audience=10,
    capacity=10,
    dates=5,
)


@dataclass(frozen=True)
class Points:
    """The matchmaking weights read once for a ranking: the fixed parts as whole points, the
    proportional ones (topics, capacity) as given and rounded where they are scored."""

    topic: float
    capacity: float
    language: int
    region: int
    region_any: int
    audience: int
    dates: int

    @classmethod
    def of(cls, weights: Mapping[str, float] = MATCHMAKING) -> "Points":
        values = dict(weights)
        fixed = ("language", "region", "region_any", "audience", "dates")
        return cls(
            topic=float(values["topic"]),
            capacity=float(values["capacity"]),
            **{name: round(values[name]) for name in fixed},
        )


NO_DATE = 0
FAR_FUTURE = datetime.date.max.toordinal()


@dataclass(frozen=True)
class NeedRow:
    id: int
    topics: Sequence[str]
    languages: Sequence[str]
    audiences: Sequence[str]
    region: str
    people: int
    due_by: datetime.date | None


@dataclass(frozen=True)
class OfferRow:
    id: int
    topics: Sequence[str]
    languages: Sequence[str]
    audiences: Sequence[str]
    regions: Sequence[str]
    seats: int
    available_from: datetime.date | None
    available_until: datetime.date | None


# The offer's fields the matcher reads (OfferRow after its id), in OfferRow's order.
OFFER_MATCHED = (
    "topics",
    "languages",
    "audiences",
    "regions",
    "seats",
    "available_from",
    "available_until",
)


@dataclass(frozen=True)
class Match:
    offer_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


def _lower(values: Iterable[str]) -> set[str]:
    return {value.lower() for value in values}


def terms_of(languages: Iterable[str], topics: Iterable[str]) -> set[tuple[str, str]]:
    """The (language, topic) pairs an offer or a need covers, languages lower-cased: an offer
    is a candidate for a need when they share one (and the offer has not ended)."""
    return {(language.lower(), topic) for language in languages for topic in topics}


def is_candidate(need: NeedRow, offer: OfferRow, today: datetime.date) -> bool:
    return (
        bool(_lower(need.languages) & _lower(offer.languages))
        and bool(set(need.topics) & set(offer.topics))
        and (offer.available_until is None or offer.available_until >= today)
    )


def _dates_fit(need: NeedRow, offer: OfferRow) -> bool:
    return (
        need.due_by is None or offer.available_from is None or offer.available_from <= need.due_by
    )


def pair_score(need: NeedRow, offer: OfferRow, points: Points | None = None) -> int:
    """Score one candidate pair (see the module's docstring); plain Python, the reference.

    `points` are the weights read once by a caller scoring many pairs (default: read now)."""
    w = points or Points.of()
    topics = set(need.topics)
    shared = len(topics & set(offer.topics))
    total = round(w.topic * shared / len(topics)) + w.language
    if not offer.regions or not need.region:
        total += w.region_any
    elif need.region in offer.regions:
        total += w.region
    if not need.audiences or set(need.audiences) & set(offer.audiences):
        total += w.audience
    total += round(w.capacity * min(1.0, offer.seats / max(need.people, 1)))
    if _dates_fit(need, offer):
        total += w.dates
    return total


def explain(
    need: NeedRow, offer: OfferRow, *, topic_names: Mapping[str, str] | None = None
) -> Match:
    """Score one pair and say, in the reader's language, what counted: topics by their names
    in `topic_names` (slug to name; a slug it lacks is shown as it is), languages by name."""
    reasons: list[str] = []
    names = topic_names or {}
    shared_topics = sorted_by_name(
        [names.get(slug, slug) for slug in set(need.topics) & set(offer.topics)], str
    )
    reasons.append(
        _("Topics covered: %(shared)d of %(total)d (%(names)s).")
        % {
            "shared": len(shared_topics),
            "total": len(set(need.topics)),
            "names": join_list(shared_topics),
        }
    )
    shared_languages = sorted(_lower(need.languages) & _lower(offer.languages))
    reasons.append(_("In %(languages)s.") % {"languages": language_names(shared_languages)})
    if not offer.regions or not need.region:
        reasons.append(_("Offered to every region."))
    elif need.region in offer.regions:
        reasons.append(_("Serves the %(region)s.") % {"region": RegionalGroup(need.region).label})
    else:
        reasons.append(_("Does not name the need's region."))
    shared_audiences = sorted(set(need.audiences) & set(offer.audiences))
    if shared_audiences:
        reasons.append(
            _("For %(audiences)s.")
            % {"audiences": join_list(str(Audience(a).label) for a in shared_audiences)}
        )
    elif need.audiences:
        reasons.append(_("Not aimed at the audience asked for."))
    reasons.append(
        _("%(seats)d seats for %(people)d people.") % {"seats": offer.seats, "people": need.people}
    )
    if need.due_by is not None:
        reasons.append(
            _("Available in time.")
            if _dates_fit(need, offer)
            else _("Starts after the date needed.")
        )
    return Match(offer_id=offer.id, score=pair_score(need, offer), reasons=reasons)


def rank_plain(
    need: NeedRow, offers: Sequence[OfferRow], *, today: datetime.date, limit: int = 10
) -> list[Match]:
    """Rank offers for one need with a plain loop over every pair (the benchmark's baseline)."""
    points = Points.of()
    scored = [
        (pair_score(need, offer, points), offer.id)
        for offer in offers
        if is_candidate(need, offer, today)
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Match(offer_id=offer_id, score=value) for value, offer_id in scored[:limit]]


class _Vocabulary:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def bit(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    def words(self) -> int:
        return max(1, (len(self.index) + 63) // 64)


def _mask(values: Iterable[int], words: int) -> list[int]:
    out = [0] * words
    for bit in values:
        out[bit // 64] |= 1 << (bit % 64)
    return out


class Matcher:
    """Offers as columns of NumPy arrays, with an inverted index on (language, topic)."""

    def __init__(self, offers: Sequence[OfferRow], *, today: datetime.date) -> None:
        self.today = today
        self.points = Points.of()
        live = [o for o in offers if o.available_until is None or o.available_until >= today]
        self.topics = _Vocabulary()
        topic_bits = [[self.topics.bit(t) for t in o.topics] for o in live]
        self.words = self.topics.words()
        self.audience_bits = {value: i for i, value in enumerate(Audience.values)}
        self.region_bits = {value: i for i, value in enumerate(RegionalGroup.values)}
        n = len(live)
        self.ids = np.fromiter((o.id for o in live), dtype=np.int64, count=n)
        self.topic_masks = np.array(
            [_mask(bits, self.words) for bits in topic_bits] or np.zeros((0, self.words)),
            dtype=np.uint64,
        ).reshape(n, self.words)
        self.audiences = np.fromiter(
            (self._small_mask(o.audiences, self.audience_bits) for o in live),
            dtype=np.int64,
            count=n,
        )
        self.regions = np.fromiter(
            (self._small_mask(o.regions, self.region_bits) for o in live), dtype=np.int64, count=n
        )
        self.seats = np.fromiter((o.seats for o in live), dtype=np.float64, count=n)
        self._topic_points: dict[int, np.ndarray] = {}
        self._per_value: dict[tuple[Any, ...], np.ndarray] = {}
        self.available_from = np.fromiter(
            (o.available_from.toordinal() if o.available_from else NO_DATE for o in live),
            dtype=np.int64,
            count=n,
        )
        postings: dict[tuple[str, str], list[int]] = {}
        for row, offer in enumerate(live):
            for term in terms_of(offer.languages, offer.topics):
                postings.setdefault(term, []).append(row)
        self.postings = {key: np.array(rows, dtype=np.int64) for key, rows in postings.items()}
        self._static_cache: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}

    @staticmethod
    def _small_mask(values: Iterable[str], bits: dict[str, int]) -> int:
        mask = 0
        for value in values:
            if value in bits:
                mask |= 1 << bits[value]
        return mask

    def _static(self, need: NeedRow) -> np.ndarray:
        """Language, region and audience points of every offer for needs like this one (by
        region and audiences), computed once per kind of need and kept."""
        key = (need.region, tuple(sorted(need.audiences)))
        cached = self._static_cache.get(key)
        if cached is not None:
            return cached
        w = self.points
        points = np.full(len(self.ids), w.language, dtype=np.int32)
        if need.region and need.region in self.region_bits:
            bit = 1 << self.region_bits[need.region]
            points += np.where(
                self.regions == 0, w.region_any, np.where(self.regions & bit, w.region, 0)
            )
        else:
            points += w.region_any
        if need.audiences:
            wanted = self._small_mask(need.audiences, self.audience_bits)
            points += np.where(self.audiences & wanted, w.audience, 0)
        else:
            points += w.audience
        points = points.astype(np.int32)
        self._static_cache[key] = points
        return points

    def _cached(self, key: tuple[Any, ...], compute: Any) -> np.ndarray:
        """Points of every offer that depend on one property of a need, computed once per
        value (a few hundred distinct values at most in practice; bounded all the same)."""
        found = self._per_value.get(key)
        if found is None:
            if len(self._per_value) > 4096:
                self._per_value.clear()
            found = compute().astype(np.int32)
            self._per_value[key] = found
        return found

    def _capacity_points(self, people: int) -> np.ndarray:
        people = max(people, 1)
        return self._cached(
            ("people", people),
            lambda: np.rint(self.points.capacity * np.minimum(1.0, self.seats / people)),
        )

    def _date_points(self, due_by: datetime.date | None) -> np.ndarray:
        dates = self.points.dates
        if due_by is None:
            return self._cached(("due", None), lambda: np.full(len(self.ids), dates))
        due = due_by.toordinal()
        # NO_DATE (0) is before every date: an offer without a start date is in time.
        return self._cached(("due", due), lambda: np.where(self.available_from <= due, dates, 0))

    def _points_for(self, topics: int) -> np.ndarray:
        """Topic points for 0..topics shared topics of a need with `topics` topics."""
        cached = self._topic_points.get(topics)
        if cached is None:
            # Python's round() rounds halves to even, and so does np.rint: both sides agree.
            cached = np.rint(self.points.topic * np.arange(topics + 1) / topics).astype(np.int32)
            self._topic_points[topics] = cached
        return cached

    def candidates(self, need: NeedRow) -> tuple[np.ndarray, int]:
        """Rows of the offers sharing a language and a topic with `need`, and how many times
        at most one row appears (an offer sharing two pairs is listed twice; ranking drops
        the repeats, which is cheaper than removing them from every list first)."""
        lists = [
            self.postings[key]
            for key in terms_of(need.languages, need.topics)
            if key in self.postings
        ]
        if len(lists) <= 1:
            return (lists[0] if lists else np.zeros(0, dtype=np.int64)), 1
        return np.concatenate(lists), len(lists)

    def rank(self, need: NeedRow, *, limit: int = 10) -> list[Match]:
        """Return the best `limit` offers for `need`, best first (ties: lower offer id first)."""
        rows, repeats = self.candidates(need)
        if not len(rows):
            return []
        need_topics = set(need.topics)
        known = [self.topics.index[t] for t in need_topics if t in self.topics.index]
        need_mask = np.array(_mask(known, self.words), dtype=np.uint64)
        if self.words == 1:
            shared = np.bitwise_count(self.topic_masks[rows, 0] & need_mask[0])
        else:
            shared = np.bitwise_count(self.topic_masks[rows] & need_mask).sum(axis=1)
        score = (
            self._points_for(len(need_topics))[shared]
            + self._static(need)[rows]
            + self._capacity_points(need.people)[rows]
            + self._date_points(need.due_by)[rows]
        )
        enough = limit * repeats  # with repeats, this many rows hold `limit` distinct offers
        if len(rows) > enough:
            # Keep everything at least as good as the enough-th best, then order exactly.
            cut = np.partition(score, len(score) - enough)[len(score) - enough]
            kept = np.flatnonzero(score >= cut)
            score, ids = score[kept], self.ids[rows[kept]]
        else:
            ids = self.ids[rows]
        found: list[Match] = []
        last = -1
        for i in np.lexsort((ids, -score)):
            offer_id = int(ids[i])
            if offer_id != last:  # a repeated row sorts next to itself (same score and id)
                found.append(Match(offer_id=offer_id, score=int(score[i])))
                if len(found) == limit:
                    break
            last = offer_id
        return found

    def rank_all(self, needs: Sequence[NeedRow], *, limit: int = 10) -> dict[int, list[Match]]:
        return {need.id: self.rank(need, limit=limit) for need in needs}


def need_row(need: Any) -> NeedRow:
    return NeedRow(
        id=need.pk,
        topics=list(need.topics),
        languages=list(need.languages),
        audiences=list(need.audiences),
        region=need.region or "",
        people=need.people,
        due_by=need.due_by,
    )


def offer_row(offer: Any) -> OfferRow:
    return OfferRow(
        id=offer.pk,
        topics=list(offer.topics),
        languages=list(offer.languages),
        audiences=list(offer.audiences),
        regions=list(offer.regions),
        seats=offer.seats,
        available_from=offer.available_from,
        available_until=offer.available_until,
    )
