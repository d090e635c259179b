"""The fund's public figures: pledged and received against the target, where the money went
(by country, income group, region and SDG), the share of disbursements reaching low- and
middle-income countries against the HLAB report's baselines, and a donor's own statement.

Every figure counts only what the reader may see: a private contribution is left out of the
public totals and counted for the secretariat and its own donor.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.translation import pick
from aigov.fund.models import ZERO, Contribution, Contributor, Fund, Grant, Pledge
from aigov.fund.selectors.ledger import in_usd
from aigov.fund.selectors.records import contribution_list, grant_list, pledge_list
from aigov.taxonomy.models import IncomeGroup

# HLAB, Governing AI for Humanity (2024), para. 15: "only 10 per cent of grants and 25 per
# cent of private capital reach low- and middle-income countries" (as issue 21 states it);
# Box 8 puts the need at USD 350 million to 1 billion a year.
BASELINE_GRANTS_TO_LMICS = Decimal("0.10")
BASELINE_PRIVATE_CAPITAL_TO_LMICS = Decimal("0.25")
NEED_LOW_USD = Decimal("350000000")
NEED_HIGH_USD = Decimal("1000000000")
BASELINE_SOURCE = _(
    "HLAB, Governing AI for Humanity (2024), para. 15 (shares reaching low- and "
    "middle-income countries) and Box 8 (USD 350 million to 1 billion a year)."
)
LOW_AND_MIDDLE = {IncomeGroup.LOW, IncomeGroup.LOWER_MIDDLE, IncomeGroup.UPPER_MIDDLE}


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    amount_usd: Decimal
    share: Decimal  # 0 to 1


@dataclass(frozen=True)
class FundSummary:
    """What the fund's public page shows, as of a date, for one reader."""

    as_of: datetime.date
    pledged: list[Money]
    received: list[Money]
    received_in_kind: list[Money]
    pledged_usd: Decimal
    received_usd: Decimal
    unconverted: list[str]  # currencies with no imported rate: left out of the USD sums
    target: Money | None
    target_source: str
    target_share: Decimal | None
    disbursed_usd: Decimal
    by_income_group: list[Share]
    share_to_lmics: Decimal | None
    baseline_grants: Decimal = BASELINE_GRANTS_TO_LMICS
    baseline_private_capital: Decimal = BASELINE_PRIVATE_CAPITAL_TO_LMICS
    need_low_usd: Decimal = NEED_LOW_USD
    need_high_usd: Decimal = NEED_HIGH_USD


def _by_currency(rows: list[tuple[str, Decimal]]) -> list[Money]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for currency, amount in rows:
        sums[currency] += amount
    return [Money(currency, amount) for currency, amount in sorted(sums.items())]


def _usd(rows: list[tuple[str, Decimal, datetime.date]], unconverted: set[str]) -> Decimal:
    total = ZERO
    for currency, amount, on in rows:
        value = in_usd(amount, currency, on)
        if value is None:
            unconverted.add(currency)
        else:
            total += value
    return total


def fund_summary(*, actor: Actor, fund: Fund, as_of: datetime.date) -> FundSummary:
    """Return pledged and received (money and in kind) against the target, and disbursements
    by income group against the HLAB baselines, counting what `actor` may see up to `as_of`.
    Amounts in other currencies are converted at the latest imported rate on or before their
    value date; a currency with no rate is named, never estimated."""
    contributions = contribution_list(actor=actor, fund=fund).filter(
        value_date__lte=as_of, transaction__reversed_by__isnull=True
    )
    money = [(c.currency, c.amount, c.value_date) for c in contributions if c.kind == "financial"]
    goods = [(c.currency, c.amount, c.value_date) for c in contributions if c.kind == "in_kind"]
    pledges = [
        (p.currency, p.amount, p.pledged_on)
        for p in pledge_list(actor=actor, fund=fund).filter(pledged_on__lte=as_of)
    ]
    unconverted: set[str] = set()
    pledged_usd = _usd(pledges, unconverted)
    received_usd = _usd(money + goods, unconverted)
    target = (
        Money(fund.target_currency, fund.target_amount) if fund.target_amount is not None else None
    )
    target_usd = in_usd(target.amount, target.currency, as_of) if target is not None else None
    shares, disbursed_usd = _disbursements_by_income_group(fund, actor, as_of, unconverted)
    lmics = sum((s.amount_usd for s in shares if s.key in LOW_AND_MIDDLE), ZERO)
    return FundSummary(
        as_of=as_of,
        pledged=_by_currency([(c, a) for c, a, _on in pledges]),
        received=_by_currency([(c, a) for c, a, _on in money]),
        received_in_kind=_by_currency([(c, a) for c, a, _on in goods]),
        pledged_usd=pledged_usd,
        received_usd=received_usd,
        unconverted=sorted(unconverted),
        target=target,
        target_source=fund.target_source,
        target_share=(received_usd / target_usd) if target_usd else None,
        disbursed_usd=disbursed_usd,
        by_income_group=shares,
        share_to_lmics=(lmics / disbursed_usd) if disbursed_usd else None,
    )


def _disbursements_by_income_group(
    fund: Fund, actor: Actor, as_of: datetime.date, unconverted: set[str]
) -> tuple[list[Share], Decimal]:
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for grant in grant_list(actor=actor, fund=fund):
        for disbursement in grant.disbursements.all():
            if disbursement.value_date > as_of:
                continue
            value = in_usd(disbursement.amount, disbursement.currency, disbursement.value_date)
            if value is None:
                unconverted.add(disbursement.currency)
                continue
            sums[grant.recipient_country.income_group or ""] += value
    total = sum(sums.values(), ZERO)
    labels = dict(IncomeGroup.choices)
    shares = [
        Share(key, str(labels.get(key, _("Not classified"))), amount, amount / total)
        for key, amount in sorted(sums.items(), key=lambda item: -item[1])
    ]
    return shares, total


@dataclass(frozen=True)
class FlowRow:
    key: str
    label: str
    committed_usd: Decimal
    disbursed_usd: Decimal
    grants: int


def grant_flows(*, actor: Actor, fund: Fund, by: str) -> list[FlowRow]:
    """Return committed and disbursed US dollars by recipient `country`, `income_group`,
    `region` or `sdg` (a grant tagged with two SDGs counts under each); amounts without an
    imported rate are left out."""
    rows: dict[str, list[object]] = {}
    labels = dict(IncomeGroup.choices)
    for grant in grant_list(actor=actor, fund=fund):
        country = grant.recipient_country
        committed = in_usd(grant.committed, grant.currency, grant.committed_on) or ZERO
        disbursed = sum(
            (in_usd(d.amount, d.currency, d.value_date) or ZERO for d in grant.disbursements.all()),
            ZERO,
        )
        if by == "country":
            keys = [(country.iso3, pick(country.names).text)]
        elif by == "income_group":
            keys = [
                (
                    country.income_group,
                    str(labels.get(country.income_group, _("Not classified"))),
                )
            ]
        elif by == "region":
            keys = [(country.region, country.region or str(_("Not classified")))]
        else:
            keys = [(str(sdg.number), pick(sdg.names).text) for sdg in grant.sdgs.all()]
        for key, label in keys:
            row = rows.setdefault(key, [label, ZERO, ZERO, 0])
            row[1] = row[1] + committed  # type: ignore[operator]
            row[2] = row[2] + disbursed  # type: ignore[operator]
            row[3] = row[3] + 1  # type: ignore[operator]
    return sorted(
        (
            FlowRow(key, str(label), committed, disbursed, count)  # type: ignore[arg-type]
            for key, (label, committed, disbursed, count) in rows.items()
        ),
        key=lambda row: -row.committed_usd,
    )


@dataclass(frozen=True)
class GiverRow:
    contributor: str
    kind: str
    financial_usd: Decimal
    in_kind_usd: Decimal


def givers(*, actor: Actor, fund: Fund) -> list[GiverRow]:
    """Return who gave what (money and in kind, in US dollars) among what `actor` may see."""
    sums: dict[int, list[object]] = {}
    for contribution in contribution_list(actor=actor, fund=fund).filter(
        transaction__reversed_by__isnull=True
    ):
        value = in_usd(contribution.amount, contribution.currency, contribution.value_date)
        row = sums.setdefault(
            contribution.contributor_id,
            [contribution.contributor.name, contribution.contributor.kind, ZERO, ZERO],
        )
        slot = 2 if contribution.kind == "financial" else 3
        row[slot] = row[slot] + (value or ZERO)  # type: ignore[operator]
    return sorted(
        (GiverRow(*row) for row in sums.values()),  # type: ignore[arg-type]
        key=lambda row: -(row.financial_usd + row.in_kind_usd),
    )


@dataclass(frozen=True)
class Statement:
    contributor: Contributor
    contributions: list[Contribution]
    pledges: list[Pledge]
    given: list[Money]
    pledged: list[Money]


def contributor_statement(*, actor: Actor, contributor: Contributor, fund: Fund) -> Statement:
    """Return a donor's statement: its pledges and contributions (private ones included) and
    totals by currency. Callers get `contributor` from `contributor_get_for_statement`."""
    contributions = list(contribution_list(actor=actor, fund=fund, contributor=contributor))
    pledges = list(pledge_list(actor=actor, fund=fund, contributor=contributor))
    return Statement(
        contributor=contributor,
        contributions=contributions,
        pledges=pledges,
        given=_by_currency([(c.currency, c.amount) for c in contributions]),
        pledged=_by_currency([(p.currency, p.amount) for p in pledges]),
    )


def grants_with_totals(*, actor: Actor, fund: Fund) -> list[Grant]:
    """Return the grants (public), newest first, with their disbursements prefetched."""
    return list(grant_list(actor=actor, fund=fund))


def grant_rows(grants: Iterable[Grant]) -> list[dict[str, object]]:
    """Return the rows of the grants download (one per grant)."""
    return [
        {
            "id": grant.pk,
            "title": grant.title,
            "recipient_name": grant.recipient_name,
            "recipient_country": grant.recipient_country_id,
            "currency": grant.currency,
            "committed": grant.committed,
            "disbursed": grant.disbursed,
            "remaining": grant.remaining,
            "committed_on": grant.committed_on,
            "status": grant.status,
        }
        for grant in grants
    ]


def statement_rows(statements: Iterable[Statement]) -> list[dict[str, object]]:
    """Return the rows of a donor's statement download (one per contribution)."""
    return [
        {
            "contributor": statement.contributor.name,
            "kind": contribution.kind,
            "value_date": contribution.value_date,
            "currency": contribution.currency,
            "amount": contribution.amount,
            "description": contribution.description,
            "valuation_method": contribution.valuation_method,
            "quantity": contribution.quantity,
            "unit": contribution.unit,
            "is_public": contribution.is_public,
        }
        for statement in statements
        for contribution in statement.contributions
    ]
