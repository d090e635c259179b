"""Every page of aigov's own modules, with its path arguments filled from a database.

The browser test of every page (test_every_page.py) asks a live server for this list with
`aigov shell`, after `aigov demo load` and `RECORDS` below, so that each URL name of each
module's urls.py is visited once. A URL name that is neither filled here nor named in
`NOT_PAGES` fails the test: a new page is checked from the day it is added.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

# URL names that are not pages a person reads: actions that only accept POST (they redirect
# to a page that is in the list), files (calendars, feeds, downloads, PDFs) and old addresses
# kept as permanent redirects to a page that is in the list.
NOT_PAGES = {
    "accounts:token-revoke": "POST",
    "accounts:time-zone-set": "POST",
    "core:audit-export": "file",
    "capacity:content-upload": "POST",
    "capacity:module-add": "POST",
    "capacity:lesson-add": "POST",
    "capacity:question-add": "POST",
    "capacity:question-delete": "POST",
    "capacity:offering-enrol": "POST",
    "capacity:offering-register": "POST",
    "capacity:registration-cancel": "POST",
    "capacity:readiness-consent": "POST",
    "capacity:need-close": "POST",
    "capacity:offer-status": "POST",
    "capacity:introduction-status": "POST",
    "capacity:collection-share": "POST",
    "capacity:collection-unshare": "POST",
    "capacity:collection-item-remove": "POST",
    "capacity:collection-item-move": "POST",
    "capacity:offering-save": "POST",
    "capacity:my-events-ical": "file",
    "capacity:offering-ical": "file",
    "capacity:credential-download": "file",
    "compute:request-decide": "POST",
    "compute:job-cancel": "POST",
    "compute:allocation-extend": "POST",
    "compute:policy-set": "POST",
    "data:request-create": "POST",
    "data:request-decide": "POST",
    "data:entitlement-revoke": "POST",
    "data:file-download": "file",
    "dialogue:incident-link": "POST",
    "dialogue:incident-publish": "POST",
    "dialogue:incident-withdraw": "POST",
    "dialogue:incident-status": "POST",
    "dialogue:segment-add": "POST",
    "dialogue:segment-remove": "POST",
    "dialogue:agenda-remove": "POST",
    "dialogue:session-register": "POST",
    "dialogue:statement-publish": "POST",
    "dialogue:statement-remove": "POST",
    "dialogue:document-add": "POST",
    "dialogue:document-remove": "POST",
    "fund:application-review": "POST",
    "fund:application-decide": "POST",
    "dialogue:practice-review": "POST",
    "dialogue:practice-links": "POST",
    "dialogue:session-calendar": "file",
    "dialogue:document-download": "file",
    "landscape:proposal-review": "POST",
    "panel:respond-refer": "POST",
    "panel:target-set": "POST",
    "panel:target-remove": "POST",
    "panel:nomination-review": "POST",
    "panel:working-group-members": "POST",
    "panel:report-comment": "POST",
    "panel:report-approve": "POST",
    "panel:report-publish": "POST",
    "panel:report-pdf": "file",
    "standards:review-create": "POST",
    "standards:concept-review-create": "POST",
    "standards:review-reply": "POST",
    "standards:any-review-reply": "POST",
    "standards:review-moderate": "POST",
    "standards:any-review-moderate": "POST",
    "standards:standard-follow": "POST",
    "standards:follow-delete": "POST",
    "standards:gap-endorse": "POST",
    "standards:gap-moderate": "POST",
    "standards:feed": "file",
    "countries:list": "redirect",
    "taxonomy:country-detail": "redirect",
}

# Records the demonstration data does not hold, made with the services where they need no
# more than a focal point, and otherwise as rows (run inside the server by `aigov shell`, with
# FOCAL_POINT an existing focal point of Kenya and READER the user who visits the pages).
RECORDS = """
from django.contrib.auth import get_user_model
from aigov.capacity.models import Collection, CourseModule, Enrolment
from aigov.landscape import services as landscape
from aigov.landscape.models import ChangeProposal, Initiative
from aigov.panel.models import (Expert, Invitation, Nomination, Report, ReportVersion, Survey,
    WorkingGroup)
focal_point = get_user_model().objects.get(email=FOCAL_POINT)
reader = get_user_model().objects.get(email=READER)
if not ChangeProposal.objects.exists():
    landscape.proposal_submit(actor=focal_point, subject="participation", data={
        "initiative": Initiative.objects.order_by("slug").first().slug, "participant": "KEN",
        "basis": "member", "started_on": "2024-05-01",
        "source_url": "https://example.org/a-very-long-address/that-must-wrap/on-a-phone"},
        rationale="Kenya joined in May 2024.")
if not Nomination.objects.exists():
    expert = Expert.objects.create(name="Wanjiru Kamau", gender="female",
        nationalities=["KEN"], residence_id="KEN", disciplines=["computer_science"],
        affiliation_type="academia", languages=["en", "sw"])
    Nomination.objects.create(expert=expert, kind="focal_point", country_id="KEN",
        nominated_by=focal_point, statement="An expert in AI for agriculture.")
WorkingGroup.objects.get_or_create(slug="every-page-group",
    defaults={"names": {"en": "Working group on AI and health", "ar": "الفريق العامل"}})
if not Report.objects.filter(slug="every-page-report").exists():
    report = Report.objects.create(slug="every-page-report", kind="special")
    for number in (1, 2):
        ReportVersion.objects.create(report=report, number=number, texts={
            "en": {"title": "A special report", "summary": "Summary.", "body": "Text."},
            "ar": {"title": "تقرير خاص", "summary": "ملخص.", "body": "نص."}})
Invitation.objects.get_or_create(survey=Survey.objects.order_by("pk").first(),
    token="every-page-invitation")
Collection.objects.get_or_create(owner=reader, defaults={"titles": {"en": "My reading list"}})
Enrolment.objects.get_or_create(learner=reader,
    offering=CourseModule.objects.order_by("pk").first().offering)
import datetime
from decimal import Decimal
from aigov.fund import services as fund
from aigov.fund.models import Fund
if not Fund.objects.exists():
    the_fund = fund.fund_create(actor=reader, slug="every-page-fund", name="Global fund for AI",
        is_default=True, iati_organisation_identifier="XI-IATI-EVERY-PAGE")
    donor = fund.contributor_create(actor=reader, name="Republic of Everypage",
        kind="government", members=[reader])
    fund.contribution_record(actor=reader, fund=the_fund, contributor=donor, kind="financial",
        amount=Decimal("250000"), currency="USD", value_date=datetime.date(2026, 3, 2),
        description="A contribution with a rather long description that must wrap on a phone")
    fund.contribution_record(actor=reader, fund=the_fund, contributor=donor, kind="in_kind",
        amount=Decimal("36000"), currency="USD", value_date=datetime.date(2026, 3, 5),
        description="GPU hours", quantity=Decimal("12000"), unit="GPU hour",
        valuation_method="market_rate")
    call = fund.call_open(actor=reader, fund=the_fund,
        title="AI capacity in the least developed countries",
        opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 5, 31),
        sdg_targets=["4.4"])
    fund.application_submit(actor=focal_point, call=call, organisation_name="A university",
        country="NER", title="Applied AI master's programme", summary="Two cohorts.",
        requested_amount=Decimal("120000"), currency="USD")
    grant = fund.grant_commit(actor=reader, fund=the_fund, title="Applied AI master's programme",
        recipient_country="NER", amount=Decimal("120000"), currency="USD", sdgs=[4, 9],
        committed_on=datetime.date(2026, 4, 1))
    fund.disbursement_record(actor=reader, grant=grant, amount=Decimal("70000"),
        currency="USD", value_date=datetime.date(2026, 4, 2))
from aigov.capacity.models import Node
from aigov.compute.models import (Allocation, AllocationRequest, Job, Movement, Project,
    Resource)
if not Job.objects.exists():
    resource, _ = Resource.objects.get_or_create(slug="every-page-gpus", defaults={
        "node": Node.objects.order_by("pk").first(), "name": "A100 partition", "kind": "gpu",
        "unit": "gpu_hour", "capacity": 1000, "rate": "2.50", "memory_gb": 80})
    project = Project.objects.create(title="Flood forecasts for the Shire basin", lead=reader,
        country_id="MWI", purpose="Ensemble flood forecasts.")
    import datetime
    today = datetime.date.today()
    request = AllocationRequest.objects.create(project=project, resource=resource,
        requested_by=reader, amount=20, starts_on=today, ends_on=today + datetime.timedelta(
        days=60), justification="The rainy season.", fee_amount=0, fee_currency="USD",
        fee_waived=True, fee_reason="waived_low_income")
    AllocationRequest.objects.create(project=project, resource=resource, requested_by=reader,
        amount=5, starts_on=today, ends_on=today + datetime.timedelta(days=60),
        justification="More runs.", fee_amount=0, fee_currency="USD", fee_waived=True,
        fee_reason="waived_low_income", status="approved")
    allocation = Allocation.objects.create(project=project, resource=resource,
        request=AllocationRequest.objects.get(status="approved", project=project),
        starts_on=today, ends_on=today + datetime.timedelta(days=60))
    Movement.objects.create(allocation=allocation, kind="grant", units=5)
    Job.objects.create(allocation=allocation, submitted_by=reader, command="echo hello",
        units=1, walltime_minutes=10, backend="local", state="completed", exit_code=0,
        output="hello", usage="0.0100", elapsed_seconds=0.6)
from aigov.accounts.models import Organisation
from aigov.data import services as data
from aigov.data.models import Dataset
if not Dataset.objects.exists():
    trustee, _ = Organisation.objects.get_or_create(name="Every-page health data trustee",
        kind="civil_society")
    trust = data.trust_create(actor=reader, slug="every-page-trust",
        name="East African health data trust", trustee=trustee, members=[],
        governing_rules="Requests are decided within 30 days.")
    dataset = data.dataset_create(actor=reader, trust=trust,
        title="Swahili clinical notes from district hospitals, de-identified, 2019 to 2024",
        description="Notes in Swahili and English.", license="CC-BY-4.0", access="restricted",
        languages=["sw", "en"], countries=["KEN", "TZA"], tasks=["text_classification"],
        rai={"dataCollection": "Notes from three district hospitals."},
        policy={"permission": [{"uid": "research-in-africa", "constraint": [
            {"leftOperand": "purpose", "operator": "eq", "rightOperand": "non_commercial_research"},
            {"leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "African"}]}],
            "prohibition": [{"uid": "no-commercial-use", "constraint": [
            {"leftOperand": "purpose", "operator": "eq", "rightOperand": "commercial_use"}]}]})
    data.access_request_submit(actor=focal_point, dataset=dataset,
        purposes=["public_sector_use"], country="KEN", duration_days=90)
"""

# Pages that need a query string to show anything.
QUERIES = {"panel:report-diff": "?old=1&new=2"}


def _first(model: type[Model], **filters: Any) -> Any:
    record = model._default_manager.filter(**filters).order_by("pk").first()
    if record is None:
        raise LookupError(f"No {model.__name__} matches {filters}: load the demonstration data.")
    return record


def _arguments(reader: str) -> dict[str, Callable[[], dict[str, Any]]]:
    """Return, per URL name with path arguments, how to fill them from the database.

    `reader` is the e-mail of the user who visits the pages (their own collection is edited).
    """
    from aigov.capacity import models as capacity
    from aigov.compute import models as compute
    from aigov.data import models as data
    from aigov.dialogue import models as dialogue
    from aigov.fund import models as fund
    from aigov.landscape import models as landscape
    from aigov.panel import models as panel
    from aigov.standards import models as standards

    def lesson() -> dict[str, Any]:
        record = _first(capacity.Lesson)
        return {"slug": record.module.offering.slug, "pk": record.pk}

    def course_module() -> dict[str, Any]:
        record = _first(capacity.CourseModule)
        return {"slug": record.offering.slug, "pk": record.pk}

    def course() -> dict[str, Any]:
        return {"slug": _first(capacity.CourseModule).offering.slug}

    def session() -> dict[str, Any]:
        return {"slug": _first(dialogue.Session).slug}

    def agenda_item() -> dict[str, Any]:
        item = _first(dialogue.AgendaItem)
        return {"slug": item.session.slug, "pk": item.pk}

    def nomination() -> dict[str, Any]:
        return {"nomination_id": _first(panel.Nomination).pk}

    def survey() -> dict[str, Any]:
        return {"slug": _first(panel.Survey).slug}

    def report() -> dict[str, Any]:
        return {"slug": "every-page-report"}

    def node() -> dict[str, Any]:
        return {"slug": _first(capacity.Node).slug}

    def offering() -> dict[str, Any]:
        return {"slug": _first(capacity.Offering).slug}

    def collection() -> dict[str, Any]:
        return {"pk": _first(capacity.Collection, owner__email=reader).pk}

    def incident() -> dict[str, Any]:
        return {"pk": _first(dialogue.IncidentReport, confidentiality="public").pk}

    def policy() -> dict[str, Any]:
        return {"slug": _first(landscape.Policy).slug}

    def standard() -> dict[str, Any]:
        return {"pk": _first(standards.Standard, reviews__isnull=False).pk}

    return {
        "taxonomy:country-detail": lambda: {"code": "KEN"},
        "countries:profile": lambda: {"iso3": "KEN"},
        "taxonomy:sdg-detail": lambda: {"number": 9},
        "landscape:initiative-detail": lambda: {"slug": _first(landscape.Initiative).slug},
        "landscape:policy-detail": policy,
        "landscape:policy-edit": policy,
        "landscape:proposal-detail": lambda: {"proposal_id": _first(landscape.ChangeProposal).pk},
        "standards:standard-detail": standard,
        "standards:standard-edit": standard,
        "standards:unsubscribe": lambda: {"token": "no-such-follow"},
        "standards:tool-detail": lambda: {"slug": _first(standards.AssessmentTool).slug},
        "standards:concept-detail": lambda: {"slug": _first(standards.Concept).slug},
        "panel:survey-detail": survey,
        "panel:survey-responses": survey,
        "panel:survey-referrals": survey,
        "panel:respond": lambda: {"token": "every-page-invitation"},
        "panel:appoint": nomination,
        "panel:report-detail": report,
        "panel:report-edit": report,
        "panel:report-diff": report,
        "capacity:node-detail": node,
        "capacity:node-edit": node,
        "capacity:provider-edit": lambda: {"slug": _first(capacity.Provider).slug},
        "capacity:offering-detail": offering,
        "capacity:offering-edit": offering,
        "capacity:course-content": course,
        "capacity:module-edit": course_module,
        "capacity:lesson-edit": lesson,
        "capacity:lesson-detail": lesson,
        "capacity:readiness-detail": lambda: {"pk": _first(capacity.ReadinessAssessment).pk},
        "capacity:need-detail": lambda: {"pk": _first(capacity.Need).pk},
        "capacity:collection-detail": collection,
        "capacity:collection-edit": collection,
        "dialogue:incident-detail": incident,
        "dialogue:incident-edit": incident,
        "dialogue:session-detail": session,
        "dialogue:session-manage": session,
        "dialogue:agenda-create": session,
        "dialogue:agenda-edit": agenda_item,
        "dialogue:statement-create": session,
        "dialogue:practice-detail": lambda: {"pk": _first(dialogue.Practice).pk},
        "fund:grant-detail": lambda: {"pk": _first(fund.Grant).pk},
        "compute:project-detail": lambda: {"pk": _first(compute.Project).pk},
        "compute:request-create": lambda: {"pk": _first(compute.Project).pk},
        "compute:request-detail": lambda: {"pk": _first(compute.AllocationRequest).pk},
        "compute:allocation-detail": lambda: {"pk": _first(compute.Allocation).pk},
        "compute:job-detail": lambda: {"pk": _first(compute.Job).pk},
        "fund:application-detail": lambda: {"pk": _first(fund.Application).pk},
        "fund:application-create": lambda: {"pk": _first(fund.Call).pk},
        "fund:disbursement-create": lambda: {"pk": _first(fund.Grant).pk},
        "data:dataset-detail": lambda: {"pk": _first(data.Dataset).pk},
        "data:request-detail": lambda: {"pk": _first(data.AccessRequest).pk},
        "data:trust-detail": lambda: {"slug": _first(data.DataTrust).slug},
        "fund:report-create": lambda: {"pk": _first(fund.Grant).pk},
    }


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            # aigov's own modules, and the language prefix that holds them (a list of patterns
            # with no module and no namespace): not Django's admin, allauth's pages or the API.
            language_prefix = entry.namespace is None and not module
            if module.startswith("aigov.") or language_prefix:
                yield from _url_names(entry.url_patterns, entry.namespace or namespace)
        elif namespace and entry.name:
            yield f"{namespace}:{entry.name}", entry


def page_paths(*, reader: str) -> dict[str, str]:
    """Return every page's path without its language prefix, by URL name, as `reader` sees it.

    Raise LookupError naming the URL names that are neither filled nor excluded.
    """
    arguments = _arguments(reader)
    paths: dict[str, str] = {}
    missing: list[str] = []
    with translation.override("en"):
        for name, pattern in _url_names(get_resolver().url_patterns):
            if name in NOT_PAGES:
                continue
            if pattern.pattern.converters and name not in arguments:
                missing.append(name)
                continue
            fill = arguments.get(name)
            path = reverse(name, kwargs=fill() if fill else None)
            paths[name] = path.removeprefix("/en") + QUERIES.get(name, "")
    if missing:
        raise LookupError(
            "Fill the path arguments of these pages in site_pages.py, or name them in "
            f"NOT_PAGES: {', '.join(sorted(missing))}"
        )
    return paths


def print_page_paths(*, reader: str) -> None:
    """Print `page_paths()` as JSON (what the browser test reads from `aigov shell`)."""
    print(json.dumps(page_paths(reader=reader)))  # noqa: T201
