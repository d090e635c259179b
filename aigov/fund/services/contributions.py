"""Writes of contributors, pledges and contributions; a contribution is posted to the books in
the same database transaction that records it."""

import datetime
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, account_required, has, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, NotAllowed, field_error
from aigov.fund.documents import EvidenceRefused, evidence_check
from aigov.fund.models import (
    Contribution,
    Contributor,
    EvidenceDocument,
    Fund,
    Pledge,
    Transaction,
    evidence_storage_name,
)
from aigov.fund.services.ledger import (
    CENT,
    Chart,
    LegIn,
    _lock_fund,
    _post,
    amount_error,
    currency_error,
    present,
)
from aigov.taxonomy.models import Country, SustainableDevelopmentGoal

MAX_EVIDENCE_LINKS = 20
UNIT_STEP = Decimal("0.0001")  # quantities and unit values are kept to four decimals


@transaction.atomic
def contributor_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    country: str | None = None,
    members: Sequence[Any] = (),
    is_demo: bool = False,
) -> Contributor:
    """Register a donor; return it. A donor registering itself becomes its first member; the
    secretariat names the members. Raise NotAllowed or InvalidInput."""
    if not (has(actor, "fund.record_contribution_any") or has(actor, "fund.register_contributor")):
        raise NotAllowed()
    errors: list[ErrorItem] = []
    if kind not in Contributor.Kind.values:
        errors.append(
            field_error(
                "kind",
                "invalid_choice",
                _("Choose the type among: %(choices)s.")
                % {"choices": ", ".join(Contributor.Kind.values)},
            )
        )
    country_row = _country(country, "country", errors) if country else None
    if not name.strip():
        errors.append(field_error("name", "required", _("Give the contributor's name.")))
    if errors:
        raise InvalidInput(errors=errors)
    contributor = Contributor.objects.create(
        name=name.strip()[:300], kind=kind, country=country_row, is_demo=is_demo
    )
    people = list(members)
    if not has(actor, "fund.record_contribution_any"):
        people = [account_required(actor)]
    contributor.members.set(people)
    audit.record(actor=actor, action="fund.contributor.create", obj=contributor)
    return contributor


def _country(code: str, field: str, errors: list[ErrorItem]) -> Country | None:
    country = Country.objects.filter(iso3=str(code).upper()).first()
    if country is None:
        errors.append(
            field_error(field, "unknown_country", _("Give a country by its ISO alpha-3 code."))
        )
    return country


def _restrictions(
    theme: str, countries: Sequence[str], sdgs: Sequence[int], errors: list[ErrorItem]
) -> tuple[list[Country], list[SustainableDevelopmentGoal]]:
    country_rows = [
        c for c in (_country(code, "restricted_countries", errors) for code in countries) if c
    ]
    sdg_rows = list(SustainableDevelopmentGoal.objects.filter(number__in=list(sdgs)))
    if len(sdg_rows) != len(set(sdgs)):
        errors.append(
            field_error("restricted_sdgs", "unknown_sdg", _("Give SDGs by their number, 1 to 17."))
        )
    if len(theme) > 200:
        errors.append(field_error("restricted_theme", "too_long", _("Shorten the theme.")))
    return country_rows, sdg_rows


def contributor_of(actor: Actor, contributor: Contributor | None) -> Contributor:
    """Return `contributor`, or the one contributor the donor `actor` acts for."""
    if contributor is not None:
        return contributor
    account = account_of(actor)
    own = list(Contributor.objects.filter(members=account)[:2]) if account else []
    if len(own) != 1:
        raise InvalidInput(
            errors=[
                field_error(
                    "contributor",
                    "required",
                    _("Say which contributor this is for (its id)."),
                )
            ]
        )
    return own[0]


def _validate_money(
    amount: Any, currency: str, errors: list[ErrorItem], *, field: str = "amount"
) -> None:
    errors += present(amount_error(field, amount), currency_error("currency", currency))


@transaction.atomic
def pledge_record(
    *,
    actor: Actor,
    fund: Fund,
    contributor: Contributor | None,
    amount: Decimal,
    currency: str,
    pledged_on: datetime.date,
    description: str = "",
    is_public: bool = True,
    restricted_theme: str = "",
    restricted_countries: Sequence[str] = (),
    restricted_sdgs: Sequence[int] = (),
    is_demo: bool = False,
) -> Pledge:
    """Record a donor's pledge (not posted to the books); return it. Raise NotAllowed or
    InvalidInput."""
    contributor = contributor_of(actor, contributor)
    require(actor, "fund.record_contribution", contributor)
    errors: list[ErrorItem] = []
    _validate_money(amount, currency, errors)
    countries, sdgs = _restrictions(restricted_theme, restricted_countries, restricted_sdgs, errors)
    if errors:
        raise InvalidInput(errors=errors)
    pledge = Pledge.objects.create(
        fund=fund,
        contributor=contributor,
        amount=amount,
        currency=currency,
        pledged_on=pledged_on,
        description=description[:500],
        is_public=is_public,
        restricted_theme=restricted_theme,
        is_restricted=bool(restricted_theme or countries or sdgs),
        is_demo=is_demo,
    )
    pledge.restricted_countries.set(countries)
    pledge.restricted_sdgs.set(sdgs)
    audit.record(actor=actor, action="fund.pledge.record", obj=pledge)
    return pledge


def _in_kind_errors(
    amount: Decimal,
    quantity: Decimal | None,
    unit: str,
    valuation_method: str,
    unit_value: Decimal | None,
    in_kind_type: str,
) -> list[ErrorItem]:
    errors: list[ErrorItem] = []
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        errors.append(field_error("quantity", "required", _("Give the quantity given in kind.")))
    elif quantity != quantity.quantize(UNIT_STEP) or quantity >= Decimal("1e15"):
        errors.append(
            field_error("quantity", "too_precise", _("Give the quantity to four decimals."))
        )
    if unit_value is not None and (
        not unit_value.is_finite()
        or unit_value <= 0
        or unit_value != unit_value.quantize(UNIT_STEP)
        or unit_value >= Decimal("1e15")
    ):
        errors.append(
            field_error("unit_value", "invalid", _("Give a positive unit value, to four decimals."))
        )
    if not unit.strip():
        errors.append(field_error("unit", "required", _("Give the unit of the quantity.")))
    if valuation_method not in Contribution.Valuation.values:
        errors.append(
            field_error(
                "valuation_method",
                "invalid_choice",
                _("Choose the valuation method among: %(choices)s.")
                % {"choices": ", ".join(Contribution.Valuation.values)},
            )
        )
    if in_kind_type and in_kind_type not in Contribution.InKindType.values:
        errors.append(
            field_error("in_kind_type", "invalid_choice", _("Choose what was given in kind."))
        )
    if (
        not errors
        and unit_value is not None
        and quantity is not None
        and (quantity * unit_value).quantize(CENT) != amount
    ):
        # The valuation must balance: quantity times unit value is the amount posted.
        errors.append(
            field_error(
                "amount",
                "unbalanced",
                _("The quantity times the unit value (%(value)s) is not the amount.")
                % {"value": (quantity * unit_value).quantize(CENT)},
            )
        )
    return errors


def _evidence_errors(links: Sequence[str]) -> list[ErrorItem]:
    check = URLValidator(schemes=["http", "https"])
    errors = []
    if len(links) > MAX_EVIDENCE_LINKS:
        errors.append(field_error("evidence_links", "too_many", _("Give twenty links or fewer.")))
    for number, link in enumerate(links, start=1):
        try:
            check(link)
        except ValidationError:
            errors.append(
                field_error(
                    "evidence_links", "invalid", _("Give each link as a web address."), row=number
                )
            )
    return errors


@transaction.atomic
def contribution_record(
    *,
    actor: Actor,
    fund: Fund,
    kind: str,
    amount: Decimal,
    currency: str,
    value_date: datetime.date,
    description: str,
    contributor: Contributor | None = None,
    quantity: Decimal | None = None,
    unit: str = "",
    valuation_method: str = "",
    unit_value: Decimal | None = None,
    in_kind_type: str = "",
    evidence_links: Sequence[str] = (),
    restricted_theme: str = "",
    restricted_countries: Sequence[str] = (),
    restricted_sdgs: Sequence[int] = (),
    is_public: bool = True,
    pledge: Pledge | None = None,
    is_demo: bool = False,
) -> Contribution:
    """Record money or goods and services received, and post it; return the contribution.

    Money: debit cash, credit contributions (restricted or not). In kind: debit goods and
    services received in kind, credit contributions in kind, at quantity times unit value. Raise
    NotAllowed or InvalidInput (nothing is written then).
    """
    contributor = contributor_of(actor, contributor)
    require(actor, "fund.record_contribution", contributor)
    errors: list[ErrorItem] = []
    if kind not in Contribution.Kind.values:
        errors.append(
            field_error("kind", "invalid_choice", _("Choose financial or in_kind as the kind."))
        )
    _validate_money(amount, currency, errors)
    if not description.strip():
        errors.append(field_error("description", "required", _("Describe the contribution.")))
    if kind == Contribution.Kind.IN_KIND and not errors:
        errors += _in_kind_errors(
            amount, quantity, unit, valuation_method, unit_value, in_kind_type
        )
    errors += _evidence_errors(evidence_links)
    countries, sdgs = _restrictions(restricted_theme, restricted_countries, restricted_sdgs, errors)
    if pledge is not None and pledge.contributor_id != contributor.pk:
        errors.append(
            field_error("pledge", "other_contributor", _("That pledge is another donor's."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    in_kind = kind == Contribution.Kind.IN_KIND
    is_restricted = bool(restricted_theme or countries or sdgs)
    fund = _lock_fund(fund)
    if in_kind:
        debit, credit = Chart.IN_KIND_HELD, Chart.CONTRIBUTIONS_IN_KIND
        posting_kind = Transaction.Kind.IN_KIND
    else:
        debit = Chart.CASH
        credit = (
            Chart.CONTRIBUTIONS_RESTRICTED if is_restricted else Chart.CONTRIBUTIONS_UNRESTRICTED
        )
        posting_kind = Transaction.Kind.CONTRIBUTION
    posted = _post(
        actor=actor,
        fund=fund,
        kind=posting_kind,
        value_date=value_date,
        description=description.strip(),
        legs=[LegIn(debit, currency, amount), LegIn(credit, currency, -amount)],
        is_demo=is_demo,
    )
    contribution = Contribution.objects.create(
        fund=fund,
        contributor=contributor,
        pledge=pledge,
        kind=kind,
        amount=amount,
        currency=currency,
        value_date=value_date,
        description=description.strip()[:500],
        in_kind_type=(in_kind_type or Contribution.InKindType.OTHER) if in_kind else "",
        quantity=quantity if in_kind else None,
        unit=unit.strip()[:50] if in_kind else "",
        valuation_method=valuation_method if in_kind else "",
        unit_value=(
            (unit_value if unit_value is not None else (amount / quantity).quantize(UNIT_STEP))
            if in_kind and quantity
            else None
        ),
        evidence_links=list(evidence_links),
        restricted_theme=restricted_theme,
        is_restricted=is_restricted,
        is_public=is_public,
        transaction=posted,
        recorded_by=account_of(actor),
        is_demo=is_demo,
    )
    contribution.restricted_countries.set(countries)
    contribution.restricted_sdgs.set(sdgs)
    audit.record(actor=actor, action="fund.contribution.record", obj=contribution)
    return contribution


@transaction.atomic
def evidence_document_attach(
    *, actor: Actor, contribution: Contribution, upload: Any
) -> EvidenceDocument:
    """Attach an uploaded evidence document (PDF, PNG or JPEG) to `contribution`; return it.

    Raise NotAllowed (only who records for the contributor) or InvalidInput (wrong type, empty,
    too large, content not matching the name); nothing is stored on error.
    """
    require(actor, "fund.record_contribution", contribution.contributor)
    name = os.path.basename(str(getattr(upload, "name", "") or ""))
    try:
        kind = evidence_check(name=name, size=int(upload.size or 0), stream=upload)
    except EvidenceRefused as refused:
        raise InvalidInput(errors=[field_error("file", refused.code, refused.message)]) from None
    upload.seek(0)
    stored = default_storage.save(evidence_storage_name(kind.extensions[0]), upload)
    try:
        document = EvidenceDocument.objects.create(
            contribution=contribution,
            stored_name=stored,
            original_name=name,
            content_type=kind.content_type,
            size=int(upload.size),
            uploaded_by=account_of(actor),
        )
    except Exception:
        default_storage.delete(stored)
        raise
    audit.record(actor=actor, action="fund.evidencedocument.create", obj=document)
    return document


@transaction.atomic
def contribution_record_with_evidence(
    *, actor: Actor, uploads: Sequence[Any] = (), **fields: Any
) -> Contribution:
    """Record a contribution (as `contribution_record`) and attach its evidence documents in
    one database transaction: a refused document leaves no contribution behind."""
    contribution = contribution_record(actor=actor, **fields)
    for upload in uploads:
        evidence_document_attach(actor=actor, contribution=contribution, upload=upload)
    return contribution
