"""Demonstration data of the fund (see aigov.core.demo for the rules every generator keeps).

Everything is generated, in a fund of its own — "Demonstration fund (generated)", marked
`is_demo` — so that no demonstration entry is ever posted to a real fund's books: generated
donors ("Demo donor government 1 (Kenya)"; no real donor is named and no real amount stated),
their pledges and contributions in money and in kind, a call, applications from least
developed countries with reviews and decisions, grants with tranches and disbursements, and a
report with results and what was spent. The demonstration fund is the default fund only while
no other is.

`demo clear` removes that fund whole, books included. Posted ledger rows are never edited or
deleted on any other path; here the transactions and legs go together with the running
balances they made, so nothing unbalanced is left, and every deleted row is audited. It refuses,
deleting nothing, when a record that is not demonstration data belongs to the demonstration
fund (a real contribution recorded into it while it was the default, say).
"""

import datetime
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.demo import DEMO_EMAIL_DOMAIN, DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.core.translation import pick
from aigov.fund import services
from aigov.fund.models import (
    Account,
    AccountBalance,
    Application,
    Call,
    Contribution,
    Contributor,
    Disbursement,
    EvidenceDocument,
    Expenditure,
    Fund,
    Grant,
    GrantReport,
    Leg,
    Pledge,
    Result,
    Review,
    Tranche,
    Transaction,
    YearClosing,
)
from aigov.taxonomy.selectors import country_list

SLUG = "demo-fund"
CURRENCY = "USD"


def _day(days_ago: int) -> datetime.date:
    """A date `days_ago` before today, kept in this year (a closed year takes no entries)."""
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days_ago), datetime.date(today.year, 1, 1))


def _thousands(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high, 1000))


def _name(country: Any) -> str:
    return pick(country.names, "en").text or country.iso3


def load(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    counts = report.for_kind("fund demonstration fund")
    if Fund.objects.filter(slug=SLUG).exists():
        counts.unchanged += 1
        return
    fund = services.fund_create(
        actor=actor,
        slug=SLUG,
        name="Demonstration fund (generated)",
        is_default=not Fund.objects.filter(is_default=True).exists(),
        is_demo=True,
    )
    counts.created += 1
    countries = list(country_list(un_member=True))
    least_developed = [country for country in countries if country.is_ldc]
    contributors = _contributors(actor, rng, countries, report)
    restricted = _contributions(actor, rng, fund, contributors, report)
    _grants(actor, rng, fund, least_developed, restricted, report)


def _contributors(
    actor: Actor, rng: random.Random, countries: list[Any], report: LoadReport
) -> list[Contributor]:
    counts = report.for_kind("fund contributors")
    contributors = []
    for number, kind in enumerate(Contributor.Kind.values, start=1):
        country = rng.choice(countries)
        contributors.append(
            services.contributor_create(
                actor=actor,
                name=f"Demo donor {kind} {number} ({_name(country)})",
                kind=kind,
                country=country.iso3,
                is_demo=True,
            )
        )
        counts.created += 1
    return contributors


def _contributions(
    actor: Actor,
    rng: random.Random,
    fund: Fund,
    contributors: list[Contributor],
    report: LoadReport,
) -> Contribution:
    """Give money from every donor (one gift restricted to SDG 4) and goods in kind from two;
    return the restricted gift."""
    counts, pledges = report.for_kind("fund contributions"), report.for_kind("fund pledges")
    gifts = []
    for number, contributor in enumerate(contributors, start=1):
        services.pledge_record(
            actor=actor,
            fund=fund,
            contributor=contributor,
            amount=_thousands(rng, 500_000, 3_000_000),
            currency=CURRENCY,
            pledged_on=_day(200),
            description="Demonstration pledge",
            is_demo=True,
        )
        pledges.created += 1
        gift = services.contribution_record(
            actor=actor,
            fund=fund,
            contributor=contributor,
            kind=Contribution.Kind.FINANCIAL,
            amount=_thousands(rng, 300_000, 1_500_000),
            currency=CURRENCY,
            value_date=_day(150 - number),
            description=f"Demonstration contribution {number}",
            restricted_sdgs=[4] if number == 1 else [],
            is_demo=True,
        )
        gifts.append(gift)
        counts.created += 1
    in_kind = [
        ("compute_hours", "GPU hour", Decimal(rng.randrange(5_000, 20_000, 500)), Decimal("2.5")),
        ("expert_days", "expert day", Decimal(rng.randrange(20, 120, 5)), Decimal("600")),
    ]
    for contributor, (what, unit, quantity, unit_value) in zip(
        contributors[-2:], in_kind, strict=True
    ):
        services.contribution_record(
            actor=actor,
            fund=fund,
            contributor=contributor,
            kind=Contribution.Kind.IN_KIND,
            amount=quantity * unit_value,
            currency=CURRENCY,
            value_date=_day(120),
            description=f"Demonstration {unit}s given in kind",
            in_kind_type=what,
            quantity=quantity,
            unit=unit,
            valuation_method=Contribution.Valuation.MARKET_RATE,
            unit_value=unit_value,
            is_demo=True,
        )
        counts.created += 1
    return gifts[0]


def _grants(
    actor: Actor,
    rng: random.Random,
    fund: Fund,
    least_developed: list[Any],
    restricted: Contribution,
    report: LoadReport,
) -> None:
    """Open a call; three applications from least developed countries, reviewed; two
    approved and granted (one from the SDG 4 money), each paid its first tranche; one left
    waiting for the secretariat's decision."""
    people = _participants()
    call = services.call_open(
        actor=actor,
        fund=fund,
        title="Demo call: AI skills in least developed countries",
        description="A generated call for proposals, to try the fund's pages.",
        priority="Demo priority: AI skills and training",
        sdg_targets=["4.4"],
        opens_on=_day(100),
        closes_on=_day(100) + datetime.timedelta(days=365),
        is_demo=True,
    )
    report.for_kind("fund calls").created += 1
    applications, grants = report.for_kind("fund applications"), report.for_kind("fund grants")
    for number, country in enumerate(rng.sample(least_developed, 3), start=1):
        amount = _thousands(rng, 80_000, 250_000)
        application = services.application_submit(
            actor=actor,
            call=call,
            organisation_name=f"Demo applicant {number} ({_name(country)})",
            country=country.iso3,
            title=f"Demo project {number}: AI training in {_name(country)}",
            summary="A generated application, to try the review and grant pages.",
            requested_amount=amount,
            currency=CURRENCY,
            on_behalf_of=people["applicants"][number - 1],
            is_demo=True,
        )
        applications.created += 1
        if number == 3:
            continue  # left waiting for a review and a decision
        services.review_submit(
            actor=actor,
            application=application,
            has_conflict=False,
            score=rng.randint(3, 5),
            comments="Demonstration review, generated: not anybody's opinion.",
            on_behalf_of=people["reviewer"],
        )
        services.application_decide(
            actor=actor, application=application, approve=True, note="Demonstration decision"
        )
        half = (amount / 2).quantize(Decimal("0.01"))
        grant = services.grant_commit(
            actor=actor,
            fund=fund,
            title=application.title,
            recipient_country=country.iso3,
            amount=amount,
            currency=CURRENCY,
            application=application,
            sdgs=[4],
            tranches=[(half, _day(60)), (amount - half, _day(0) + datetime.timedelta(days=180))],
            committed_on=_day(80),
            funded_from=restricted if number == 1 and amount <= restricted.amount else None,
            is_demo=True,
        )
        grants.created += 1
        services.disbursement_record(
            actor=actor, grant=grant, amount=half, currency=CURRENCY, value_date=_day(60), tranche=1
        )
        services.grant_report_submit(
            actor=actor,
            grant=grant,
            period_start=_day(60),
            period_end=_day(30),
            narrative="A generated report, to try the results pages.",
            results=[
                {
                    "indicator": "Demo indicator: people trained",
                    "baseline": 0,
                    "target": 200,
                    "actual": rng.randrange(40, 160),
                    "measured_on": _day(30).isoformat(),
                }
            ],
            expenditures=[
                {
                    "amount": (half / 2).quantize(Decimal("0.01")),
                    "spent_on": _day(30).isoformat(),
                    "description": "Demonstration expenditure",
                }
            ],
        )


def _participants() -> dict[str, Any]:
    # The accounts generator's demonstration people (it runs first), read by e-mail: applicants
    # are its focal points, the reviewer one of its experts.
    applicants = list(
        User.objects.filter(
            is_demo=True, email__in=[f"focal-point-{n}@{DEMO_EMAIL_DOMAIN}" for n in (1, 2, 3)]
        ).order_by("email")
    )
    reviewer = User.objects.filter(is_demo=True, email=f"expert-1@{DEMO_EMAIL_DOMAIN}").first()
    if len(applicants) < 3 or reviewer is None:
        raise InvalidState(
            _("Load the accounts demonstration data first: applications need its people.")
        )
    return {"applicants": applicants, "reviewer": reviewer}


# Clearing -----------------------------------------------------------------------------------


def _real_records_in(funds: QuerySet[Fund]) -> list[Model]:
    real: list[Model] = []
    for model in (Contribution, Pledge, Call, Grant):
        real += list(model._default_manager.filter(fund__in=funds, is_demo=False)[:5])
    real += list(Application.objects.filter(call__fund__in=funds, is_demo=False)[:5])
    real += list(Contribution.objects.filter(contributor__is_demo=True, is_demo=False)[:5])
    return real


def _delete(actor: Actor, queryset: QuerySet[Any], removed: Counter[str]) -> None:
    """Delete the rows of `queryset`, each audited as the generic demo clear does."""
    model = queryset.model
    rows = list(queryset)
    for row in rows:
        audit.record(
            actor=actor,
            action=f"{model._meta.app_label}.{model._meta.model_name}.delete",
            obj=row,
            before=audit.snapshot(row),
            extra={"reason": "demo clear"},
        )
    if rows:
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        removed[model._meta.label] += len(rows)


def clear(*, actor: Actor) -> Counter[str]:
    """Delete the demonstration fund with its books and records; return counts by model."""
    removed: Counter[str] = Counter()
    funds = Fund.objects.filter(is_demo=True)
    if not funds.exists():
        return removed
    real = _real_records_in(funds)
    if real:
        shown = ", ".join(f"{row._meta.verbose_name} “{row}”" for row in real[:5])
        raise InvalidState(
            _(
                "Removing the demonstration fund would also delete records that are not "
                "demonstration data: %(records)s. Nothing was removed."
            )
            % {"records": shown}
        )
    grants = Grant.objects.filter(fund__in=funds)
    documents = EvidenceDocument.objects.filter(contribution__fund__in=funds)
    stored = list(documents.values_list("stored_name", flat=True))
    for queryset in (
        YearClosing.objects.filter(fund__in=funds),
        Disbursement.objects.filter(grant__in=grants),
        Expenditure.objects.filter(grant__in=grants),
        Result.objects.filter(grant__in=grants),
        GrantReport.objects.filter(grant__in=grants),
        Tranche.objects.filter(grant__in=grants),
        grants,
        Review.objects.filter(application__call__fund__in=funds),
        Application.objects.filter(call__fund__in=funds),
        Call.objects.filter(fund__in=funds),
        documents,
        Contribution.objects.filter(fund__in=funds),
        Pledge.objects.filter(fund__in=funds),
        # The books go whole: legs, the running balances they made, reversals before what
        # they reverse, then the chart of accounts.
        Leg.objects.filter(transaction__fund__in=funds),
        AccountBalance.objects.filter(account__fund__in=funds),
        Transaction.objects.filter(fund__in=funds, reverses__isnull=False),
        Transaction.objects.filter(fund__in=funds),
        Account.objects.filter(fund__in=funds),
        funds,
    ):
        _delete(actor, queryset, removed)
    if stored:
        transaction.on_commit(lambda: _forget_files(stored))
    return removed


def _forget_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def register() -> None:
    register_generator(
        DemoGenerator(
            name="fund",
            load=load,
            models=(Fund, Contributor, Pledge, Contribution, Call, Application, Grant),
            clear=clear,
        )
    )
