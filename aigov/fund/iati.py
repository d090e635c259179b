"""IATI 2.03 XML: the fund's grants as an activity file and the fund as an organisation file.

An export view over the records (ANCHORS.md, fund): nothing here is stored. The activity file
holds one activity for the fund itself (hierarchy 1), which receives the contributions
(transaction type 1, Incoming Funds, from each donor whose contribution is public), and one
activity per grant (hierarchy 2) with its commitment (type 2) and disbursements (type 3), the
fund as provider and the grantee as receiver, and the results reported against its indicators.
Expenditure (type 4) is written for what a grantee reports as spent — which the fund does not
record yet, so none appears.

Codes come from the IATI 2.03 codelists: those in `data/schemas/iati-2.03/codelists`
(OrganisationRole, ActivityStatus, ActivityDateType, BudgetType, BudgetStatus,
TransactionType; the tests check every code written against them) and, for the few lists that
folder does not hold, the published ones: OrganisationType 40 (multilateral; the fund's own
type is a setting of the fund), SectorVocabulary 7 (SDG goal), TagVocabulary 2 (SDG goal),
ResultType 1 (output), IndicatorMeasure 1 (unit). Countries are ISO 3166-1 alpha-2.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidState
from aigov.core.translation import pick
from aigov.fund import selectors
from aigov.fund.models import Fund, Grant

SCHEMA_DIR = Path(settings.BASE_DIR) / "data" / "schemas" / "iati-2.03"
VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PUBLIC = AnonymousUser()

ROLE_FUNDING, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "3", "4"
STATUS_IMPLEMENTATION, STATUS_FINALISATION = "2", "3"
DATE_ACTUAL_START, DATE_PLANNED_END = "2", "3"
BUDGET_ORIGINAL, BUDGET_COMMITTED = "1", "2"
INCOMING_FUNDS, OUTGOING_COMMITMENT, DISBURSEMENT, EXPENDITURE = "1", "2", "3", "4"
SECTOR_VOCABULARY_SDG_GOAL = "7"
TAG_VOCABULARY_SDG_GOAL = "2"
RESULT_OUTPUT, MEASURE_UNIT = "1", "1"


def _narrative(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = text or "-"
    return element


def _value(parent: etree._Element, amount: Decimal, currency: str, on: datetime.date) -> None:
    value = etree.SubElement(parent, "value", currency=currency, **{"value-date": on.isoformat()})
    value.text = f"{amount:.2f}"


def _identifier(fund: Fund) -> str:
    """Return the fund's registered IATI organisation identifier. Raise InvalidState when the
    secretariat has not set it: an identifier is assigned by IATI, never made up here."""
    if not fund.iati_organisation_identifier:
        raise InvalidState(_("Set the fund's IATI organisation identifier first."))
    return fund.iati_organisation_identifier


def _reporting_org(parent: etree._Element, fund: Fund) -> None:
    _narrative(
        parent,
        "reporting-org",
        fund.name,
        ref=_identifier(fund),
        type=fund.iati_organisation_type or "40",
    )


def _transaction(
    activity: etree._Element,
    *,
    code: str,
    on: datetime.date,
    amount: Decimal,
    currency: str,
    provider: tuple[str, str],
    receiver: tuple[str, str] | None,
    description: str = "",
) -> None:
    element = etree.SubElement(activity, "transaction")
    etree.SubElement(element, "transaction-type", code=code)
    etree.SubElement(element, "transaction-date", **{"iso-date": on.isoformat()})
    _value(element, amount, currency, on)
    if description:
        _narrative(element, "description", description)
    parties = [("provider-org", provider)] + ([("receiver-org", receiver)] if receiver else [])
    for tag, (ref, name) in parties:
        attributes = {"ref": ref} if ref else {}
        _narrative(element, tag, name, **attributes)


def _fund_activity(root: etree._Element, fund: Fund, actor: Actor, now: datetime.datetime) -> None:
    activity = etree.SubElement(
        root,
        "iati-activity",
        **{
            "last-updated-datetime": now.isoformat(timespec="seconds"),
            XML_LANG: "en",
            "default-currency": fund.target_currency or "USD",
            "hierarchy": "1",
        },
    )
    identifier = _identifier(fund)
    etree.SubElement(activity, "iati-identifier").text = f"{identifier}-FUND"
    _reporting_org(activity, fund)
    _narrative(activity, "title", fund.name)
    _narrative(activity, "description", fund.description or fund.name, type="1")
    _narrative(activity, "participating-org", fund.name, ref=identifier, role=ROLE_EXTENDING)
    contributions = list(
        selectors.contribution_list(actor=actor, fund=fund).filter(
            kind="financial", transaction__reversed_by__isnull=True
        )
    )
    donors = {c.contributor_id: c.contributor for c in contributions}
    for donor in donors.values():
        _narrative(activity, "participating-org", donor.name, role=ROLE_FUNDING)
    etree.SubElement(activity, "activity-status", code=STATUS_IMPLEMENTATION)
    first = min((c.value_date for c in contributions), default=fund.created_at.date())
    etree.SubElement(
        activity, "activity-date", type=DATE_ACTUAL_START, **{"iso-date": first.isoformat()}
    )
    for contribution in sorted(contributions, key=lambda c: (c.value_date, c.pk)):
        _transaction(
            activity,
            code=INCOMING_FUNDS,
            on=contribution.value_date,
            amount=contribution.amount,
            currency=contribution.currency,
            provider=("", contribution.contributor.name),
            receiver=(identifier, fund.name),
        )


def _sdg_percentages(count: int) -> list[str]:
    """Split 100 among `count` sectors in hundredths that add up to exactly 100."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"))
    shares = [share] * count
    shares[-1] = Decimal(100) - share * (count - 1)
    return [f"{value:.2f}" for value in shares]


def _grant_activity(root: etree._Element, fund: Fund, grant: Grant, now: datetime.datetime) -> None:
    activity = etree.SubElement(
        root,
        "iati-activity",
        **{
            "last-updated-datetime": grant.updated_at.isoformat(timespec="seconds"),
            XML_LANG: "en",
            "default-currency": grant.currency,
            "hierarchy": "2",
        },
    )
    identifier = _identifier(fund)
    etree.SubElement(activity, "iati-identifier").text = f"{identifier}-G{grant.pk}"
    _reporting_org(activity, fund)
    _narrative(activity, "title", grant.title)
    _narrative(
        activity,
        "description",
        grant.application.summary if grant.application else grant.title,
        type="1",
    )
    _narrative(activity, "participating-org", fund.name, ref=identifier, role=ROLE_FUNDING)
    _narrative(activity, "participating-org", fund.name, ref=identifier, role=ROLE_EXTENDING)
    recipient = grant.recipient_name or pick(grant.recipient_country.names).text
    _narrative(activity, "participating-org", recipient, role=ROLE_IMPLEMENTING)
    finished = grant.status == Grant.Status.COMPLETED
    etree.SubElement(
        activity,
        "activity-status",
        code=STATUS_FINALISATION if finished else STATUS_IMPLEMENTATION,
    )
    etree.SubElement(
        activity,
        "activity-date",
        type=DATE_ACTUAL_START,
        **{"iso-date": grant.committed_on.isoformat()},
    )
    if grant.ends_on:
        etree.SubElement(
            activity,
            "activity-date",
            type=DATE_PLANNED_END,
            **{"iso-date": grant.ends_on.isoformat()},
        )
    country = grant.recipient_country
    etree.SubElement(activity, "recipient-country", code=country.iso2, percentage="100")
    sdgs = list(grant.sdgs.all())
    for sdg, percentage in zip(sdgs, _sdg_percentages(len(sdgs)) if sdgs else [], strict=True):
        etree.SubElement(
            activity,
            "sector",
            vocabulary=SECTOR_VOCABULARY_SDG_GOAL,
            code=str(sdg.number),
            percentage=percentage,
        )
    for sdg in sdgs:
        etree.SubElement(activity, "tag", vocabulary=TAG_VOCABULARY_SDG_GOAL, code=str(sdg.number))
    budget = etree.SubElement(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_COMMITTED)
    end = grant.ends_on or grant.committed_on + datetime.timedelta(days=364)
    etree.SubElement(budget, "period-start", **{"iso-date": grant.committed_on.isoformat()})
    etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
    _value(budget, grant.committed, grant.currency, grant.committed_on)
    provider, receiver = (identifier, fund.name), ("", recipient)
    _transaction(
        activity,
        code=OUTGOING_COMMITMENT,
        on=grant.committed_on,
        amount=grant.committed,
        currency=grant.currency,
        provider=provider,
        receiver=receiver,
    )
    for disbursement in grant.disbursements.all():
        _transaction(
            activity,
            code=DISBURSEMENT,
            on=disbursement.value_date,
            amount=disbursement.amount,
            currency=disbursement.currency,
            provider=provider,
            receiver=receiver,
        )
    # What the grantee reported spending: the grantee provides; who was paid is not recorded.
    for expenditure in grant.expenditures.all():
        _transaction(
            activity,
            code=EXPENDITURE,
            on=expenditure.spent_on,
            amount=expenditure.amount,
            currency=expenditure.currency,
            provider=("", recipient),
            receiver=None,
            description=expenditure.description,
        )
    _results(activity, grant)


def _results(activity: etree._Element, grant: Grant) -> None:
    by_indicator = defaultdict(list)
    for result in grant.results.all():
        by_indicator[result.indicator].append(result)
    for indicator, measurements in sorted(by_indicator.items()):
        element = etree.SubElement(activity, "result", type=RESULT_OUTPUT)
        _narrative(element, "title", indicator)
        measure = etree.SubElement(element, "indicator", measure=MEASURE_UNIT)
        _narrative(measure, "title", indicator)
        first = min(measurements, key=lambda m: m.measured_on)
        etree.SubElement(
            measure,
            "baseline",
            year=str(grant.committed_on.year),
            value=f"{first.baseline.normalize():f}",
        )
        for result in sorted(measurements, key=lambda m: m.measured_on):
            period = etree.SubElement(measure, "period")
            start = result.report.period_start if result.report else grant.committed_on
            etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
            etree.SubElement(period, "period-end", **{"iso-date": result.measured_on.isoformat()})
            etree.SubElement(period, "target", value=f"{result.target.normalize():f}")
            etree.SubElement(period, "actual", value=f"{result.actual.normalize():f}")


def activities_xml(*, fund: Fund) -> bytes:
    """Return the IATI 2.03 activity file of `fund`: the fund and each of its grants. The file
    is a publication: it holds what the public sees, whoever asks for it."""
    actor = PUBLIC
    _identifier(fund)
    now = timezone.now()
    root = etree.Element(
        "iati-activities",
        version=VERSION,
        **{"generated-datetime": now.isoformat(timespec="seconds")},
    )
    _fund_activity(root, fund, actor, now)
    grants = selectors.grant_list(actor=actor, fund=fund).prefetch_related(
        "results__report", "expenditures"
    )
    for grant in grants.order_by("committed_on", "pk"):
        _grant_activity(root, fund, grant, now)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def organisation_xml(*, fund: Fund) -> bytes:
    """Return the IATI 2.03 organisation file of `fund`: its budgets by recipient country and
    its expenditure (disbursements) by year and currency, as the public sees them."""
    actor = PUBLIC
    _identifier(fund)
    now = timezone.now()
    root = etree.Element(
        "iati-organisations",
        version=VERSION,
        **{"generated-datetime": now.isoformat(timespec="seconds")},
    )
    organisation = etree.SubElement(
        root,
        "iati-organisation",
        **{
            "last-updated-datetime": now.isoformat(timespec="seconds"),
            XML_LANG: "en",
            "default-currency": fund.target_currency or "USD",
        },
    )
    etree.SubElement(organisation, "organisation-identifier").text = _identifier(fund)
    _narrative(organisation, "name", fund.name)
    _reporting_org(organisation, fund)
    grants = list(selectors.grant_list(actor=actor, fund=fund))
    country_budgets: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    spent: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for grant in grants:
        key = (grant.recipient_country.iso2, grant.committed_on.year, grant.currency)
        country_budgets[key] += grant.committed
        for disbursement in grant.disbursements.all():
            spent[(disbursement.value_date.year, disbursement.currency)] += disbursement.amount
    for (iso2, year, currency), amount in sorted(country_budgets.items()):
        budget = etree.SubElement(organisation, "recipient-country-budget", status=BUDGET_COMMITTED)
        etree.SubElement(budget, "recipient-country", code=iso2)
        _period(budget, year)
        _value(budget, amount, currency, datetime.date(year, 1, 1))
    for (year, currency), amount in sorted(spent.items()):
        expenditure = etree.SubElement(organisation, "total-expenditure")
        _period(expenditure, year)
        _value(expenditure, amount, currency, datetime.date(year, 12, 31))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _period(parent: etree._Element, year: int) -> None:
    etree.SubElement(parent, "period-start", **{"iso-date": f"{year}-01-01"})
    etree.SubElement(parent, "period-end", **{"iso-date": f"{year}-12-31"})


def schema(name: str) -> etree.XMLSchema:
    """Return the 2.03 XSD `name` (activities or organisations) from the project's copy."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"iati-{name}-schema.xsd")))


def codelist(name: str) -> set[str]:
    """Return the codes of an IATI codelist in the project's copy."""
    tree = etree.parse(str(SCHEMA_DIR / "codelists" / f"{name}.xml"))
    return {str(code.text).strip() for code in tree.iter("code")}
