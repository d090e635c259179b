"""Reports of the panel: drafts saved as immutable versions, review comments, approval by the
secretariat, publication with frozen figures, and a PDF per language.

Writes follow services.py's rules (permission first, one transaction, audited); reads start from
the permission scope, so a draft is absent for whoever may not see it.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aigov.core import audit
from aigov.core.errors import InvalidInput, InvalidState, NotFound
from aigov.core.search import index as search_index
from aigov.core.tasks import enqueue
from aigov.core.translation import normalise_language
from aigov.panel import report_figures
from aigov.panel.models import (
    Report,
    ReportComment,
    ReportPdf,
    ReportPublication,
    ReportVersion,
    WorkingGroup,
)
from aigov.panel.permissions import can, narrow, require

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXT_FIELDS = ("title", "summary", "body")
TITLE_LENGTH = 300
_FIGURE = re.compile(r"^\[\[figure (\d+)\]\]$")


# --- Reads ---------------------------------------------------------------------------------


def report_list(
    *, actor: Any, kind: str | None = None, with_latest_version: bool = False
) -> QuerySet[Report]:
    """The reports `actor` may see: published ones, and the drafts they may read.

    `with_latest_version` fetches each report's latest version in one more query (for lists
    that show drafts' titles), so `latest_version` and `shown_version` need none per report.
    """
    reports = narrow(actor, "panel.view_report", Report.objects.all())
    if kind:
        reports = reports.filter(kind=kind)
    if with_latest_version:
        newest = ReportVersion.objects.filter(report=OuterRef("report")).order_by("-number")
        latest = ReportVersion.objects.filter(number=Subquery(newest.values("number")[:1]))
        reports = reports.prefetch_related(
            Prefetch("versions", queryset=latest, to_attr=_LATEST_VERSIONS)
        )
    return reports.select_related("publication__version", "working_group").order_by(
        "-published_at", "slug"
    )


def report_get(*, actor: Any, slug: str) -> Report:
    """Return the report `slug`; NotFound when it is missing or hidden from `actor`."""
    report = report_list(actor=actor).filter(slug=slug).first()
    if report is None:
        raise NotFound()
    return report


def version_list(*, actor: Any, report: Report) -> QuerySet[ReportVersion]:
    """The saved versions of a report, for those who may edit or review it (else none)."""
    if not can(actor, "panel.view_report_comments", report):
        return ReportVersion.objects.none()
    return report.versions.select_related("created_by").order_by("number")


def version_get(*, actor: Any, report: Report, number: int) -> ReportVersion:
    version = version_list(actor=actor, report=report).filter(number=number).first()
    if version is None:
        raise NotFound()
    return version


_LATEST_VERSIONS = "prefetched_latest_versions"


def latest_version(report: Report) -> ReportVersion | None:
    prefetched = getattr(report, _LATEST_VERSIONS, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return report.versions.order_by("-number").first()


def shown_version(report: Report) -> ReportVersion | None:
    """The version readers get: the published one, else the latest draft."""
    publication = getattr(report, "publication", None) if report.is_published else None
    return publication.version if publication is not None else latest_version(report)


def figure_numbers(report: Report) -> list[dict[str, Any]]:
    """The figures of a report as numbers: frozen ones once published, else only what they are."""
    publication = getattr(report, "publication", None) if report.is_published else None
    if publication is not None:
        return [
            {**{k: v for k, v in entry.items() if k != "drawn"}, "is_frozen": True}
            for entry in publication.figures
        ]
    version = latest_version(report)
    return [
        {**embed, "figures": {}, "is_frozen": False}
        for embed in (version.embeds if version else [])
    ]


def comment_list(*, actor: Any, report: Report) -> QuerySet[ReportComment]:
    return narrow(
        actor, "panel.view_report_comments", ReportComment.objects.filter(report=report)
    ).select_related("author", "version")


def text_of(texts: dict[str, Any], language: str, original: str) -> tuple[dict[str, str], str]:
    """The text of a version in `language`, falling back to the original language."""
    wanted = normalise_language(language)
    for code in (wanted, original):
        if texts.get(code, {}).get("title"):
            return texts[code], code
    code = next(iter(texts), original)
    return texts.get(code, {}), code


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "figure"
    text: str = ""
    figure: report_figures.Figure | None = None


@dataclass(frozen=True)
class ReportView:
    report: Report
    version: ReportVersion
    text: dict[str, str]
    language: str
    is_fallback: bool
    blocks: list[Block]
    is_frozen: bool


def _blocks(body: str, figures: list[report_figures.Figure]) -> list[Block]:
    by_number = {figure.number: figure for figure in figures}
    placed: set[int] = set()
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        match = _FIGURE.match(chunk)
        if match:
            figure = by_number.get(int(match.group(1)))
            if figure is not None:
                placed.add(figure.number)
                blocks.append(Block("figure", figure=figure))
        elif chunk.startswith("# "):
            blocks.append(Block("heading", chunk[2:].strip()))
        else:
            blocks.append(Block("paragraph", chunk))
    blocks += [Block("figure", figure=f) for f in figures if f.number not in placed]
    return blocks


def report_view(*, actor: Any, report: Report, language: str) -> ReportView:
    """What the report's page (and PDF) shows in `language`.

    A published report shows its published version with the figures frozen at publication;
    a draft shows its latest version with today's figures (for those who may see the draft).
    """
    publication = getattr(report, "publication", None) if report.is_published else None
    if publication is not None:
        version = publication.version
        figures = report_figures.thawed(publication.figures, normalise_language(language))
    else:
        found = latest_version(report)
        if found is None:
            raise NotFound()
        version = found
        figures = report_figures.live(actor=actor, embeds=version.embeds)
    text, used = text_of(version.texts, language, report.original_language)
    return ReportView(
        report=report,
        version=version,
        text=text,
        language=used,
        is_fallback=used != normalise_language(language),
        blocks=_blocks(text.get("body", ""), figures),
        is_frozen=publication is not None,
    )


def _diff_lines(version: ReportVersion, language: str, original: str) -> list[str]:
    text, _used = text_of(version.texts, language, original)
    lines = [
        f"# {text.get('title', '')}",
        *(text.get("summary", "") or "").splitlines(),
        "",
        *(text.get("body", "") or "").splitlines(),
    ]
    return lines + [
        f"[[figure {n}]] {report_figures.describe(e)}" for n, e in enumerate(version.embeds, 1)
    ]


def version_diff(
    *, actor: Any, report: Report, old: int, new: int, language: str
) -> list[tuple[str, str]]:
    """The differences between two versions in one language: ("+"|"-"|" ", line) pairs."""
    before = version_get(actor=actor, report=report, number=old)
    after = version_get(actor=actor, report=report, number=new)
    original = report.original_language
    lines = difflib.ndiff(
        _diff_lines(before, language, original), _diff_lines(after, language, original)
    )
    return [(line[0], line[2:]) for line in lines if line[:1] in {"+", "-", " "}]


def working_group_list(*, actor: Any) -> QuerySet[WorkingGroup]:
    """Working groups: all of them for the secretariat, one's own for an expert."""
    groups = WorkingGroup.objects.prefetch_related("members").order_by("slug")
    if can(actor, "panel.manage_working_groups"):
        return groups
    if not getattr(actor, "is_authenticated", False):
        return groups.none()
    return groups.filter(members__user=actor).distinct()


def pdf_get(*, actor: Any, report: Report, language: str) -> bytes:
    """The stored PDF of a published report in `language`, rendered first if it is missing."""
    require(actor, "panel.view_report", report)
    publication = getattr(report, "publication", None) if report.is_published else None
    if publication is None:
        raise NotFound()
    language = normalise_language(language)
    if language not in LANGUAGES:
        raise NotFound()
    stored = publication.pdfs.filter(language=language).first()
    if stored is None:
        stored = report_pdf_render(publication=publication, language=language)
    return bytes(stored.content)


# --- Writes --------------------------------------------------------------------------------


def _clean_texts(texts: Any, original: str) -> tuple[dict[str, dict[str, str]], list[Any]]:
    errors: list[dict[str, Any]] = []
    cleaned: dict[str, dict[str, str]] = {}
    if not isinstance(texts, dict):
        texts = {}
    for language, text in texts.items():
        code = normalise_language(language)
        if code not in LANGUAGES:
            errors.append(
                {
                    "field": "language",
                    "message": _("%(language)s is not one of the six UN languages.")
                    % {"language": language},
                }
            )
            continue
        text = text if isinstance(text, dict) else {}
        values = {name: str(text.get(name) or "").strip() for name in TEXT_FIELDS}
        if not any(values.values()):
            continue
        if not values["title"]:
            errors.append(
                {
                    "field": "title",
                    "message": _("Give the title in %(language)s.") % {"language": code},
                }
            )
        elif len(values["title"]) > TITLE_LENGTH:
            errors.append(
                {
                    "field": "title",
                    "message": _("The title is longer than %(limit)d characters.")
                    % {"limit": TITLE_LENGTH},
                }
            )
        cleaned[code] = values
    if original not in cleaned and not errors:
        errors.append(
            {
                "field": "title",
                "message": _("Give the title and text in the original language (%(language)s).")
                % {"language": original},
            }
        )
    return cleaned, errors


def _placeholder_errors(texts: dict[str, dict[str, str]], embeds: list[Any]) -> list[Any]:
    errors = []
    for language, text in texts.items():
        for chunk in re.split(r"\n\s*\n", text["body"]):
            match = _FIGURE.match(chunk.strip())
            if match and not 1 <= int(match.group(1)) <= len(embeds):
                errors.append(
                    {
                        "field": "body",
                        "message": _(
                            "The %(language)s text shows figure %(number)s, which the "
                            "draft does not have."
                        )
                        % {"language": language, "number": match.group(1)},
                    }
                )
    return errors


def _slug_errors(slug: str, model: Any, taken: str) -> list[dict[str, Any]]:
    if not slug or slugify(slug) != slug:
        return [{"field": "slug", "message": _("Use lower-case letters, digits and -.")}]
    if model.objects.filter(slug=slug).exists():
        return [{"field": "slug", "message": taken}]
    return []


@transaction.atomic
def report_create(
    *,
    actor: Any,
    slug: str,
    kind: str,
    original_language: str,
    texts: dict[str, Any],
    embeds: list[dict[str, Any]] | None = None,
    working_group: WorkingGroup | None = None,
    is_demo: bool = False,
) -> Report:
    """Start a report with its first version. Raise NotAllowed or InvalidInput."""
    require(actor, "panel.create_report")
    errors = _slug_errors(slug, Report, _("A report with this slug already exists."))
    if kind not in Report.Kind.values:
        errors.append({"field": "kind", "message": _("Choose a kind of report from the list.")})
    original = normalise_language(original_language)
    if original not in LANGUAGES:
        errors.append(
            {"field": "original_language", "message": _("Choose one of the six UN languages.")}
        )
    if working_group is not None and not (
        can(actor, "panel.manage_working_groups") or working_group.pk in _own_groups(actor)
    ):
        errors.append(
            {"field": "working_group", "message": _("You are not a member of this group.")}
        )
    if errors:
        raise InvalidInput(errors=errors)
    report = Report.objects.create(
        slug=slug,
        kind=kind,
        original_language=original,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        working_group=working_group,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="panel.report.create", obj=report)
    _add_version(actor=actor, report=report, texts=texts, embeds=embeds or [], note="")
    return report


def _own_groups(actor: Any) -> set[int]:
    return set(working_group_list(actor=actor).values_list("pk", flat=True))


def _add_version(
    *, actor: Any, report: Report, texts: Any, embeds: list[dict[str, Any]], note: str
) -> ReportVersion:
    cleaned, errors = _clean_texts(texts, report.original_language)
    errors += report_figures.check(actor=actor, embeds=embeds)
    errors += _placeholder_errors(cleaned, embeds)
    if errors:
        raise InvalidInput(errors=errors)
    number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        texts=cleaned,
        embeds=embeds,
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action="panel.report.save_version", obj=version)
    transaction.on_commit(lambda: search_index.refresh(report))
    return version


@transaction.atomic
def report_save_version(
    *,
    actor: Any,
    report: Report,
    texts: dict[str, Any],
    embeds: list[dict[str, Any]],
    note: str = "",
) -> ReportVersion:
    """Save a new version of a draft (earlier versions stay as they were).

    `texts` holds the languages to change; the others are carried over from the latest
    version. Saving after approval sends the report back to draft. Raise NotAllowed,
    InvalidState (published) or InvalidInput.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    require(actor, "panel.edit_report", report)
    if report.is_published:
        raise InvalidState(_("A published report is not edited; start a new report."))
    previous = latest_version(report)
    merged = dict(previous.texts) if previous else {}
    merged.update({normalise_language(code): text for code, text in texts.items()})
    version = _add_version(actor=actor, report=report, texts=merged, embeds=embeds, note=note)
    if report.status == Report.Status.APPROVED:
        _set_approval(actor=actor, report=report, version=None, action="panel.report.reopen")
    return version


def _set_approval(
    *, actor: Any, report: Report, version: ReportVersion | None, action: str
) -> Report:
    before = audit.snapshot(report)
    report.approved_version = version
    report.status = Report.Status.DRAFT if version is None else Report.Status.APPROVED
    report.save(update_fields=["status", "approved_version", "updated_at"])
    audit.record(actor=actor, action=action, obj=report, before=before)
    return report


@transaction.atomic
def report_comment(
    *, actor: Any, report: Report, body: str, version: ReportVersion | None = None
) -> ReportComment:
    """Record a panel member's review comment on a version (the latest by default)."""
    require(actor, "panel.comment_report", report)
    body = body.strip()
    if not body:
        raise InvalidInput(errors=[{"field": "body", "message": _("Write a comment.")}])
    version = version or latest_version(report)
    if version is None or version.report_id != report.pk:
        raise InvalidInput(errors=[{"field": "version", "message": _("Unknown version.")}])
    comment = ReportComment.objects.create(report=report, version=version, author=actor, body=body)
    audit.record(actor=actor, action="panel.report.comment", obj=comment)
    return comment


@transaction.atomic
def report_approve(*, actor: Any, report: Report, number: int) -> Report:
    """Approve version `number` of a draft for publication (the secretariat)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    require(actor, "panel.approve_report", report)
    if report.is_published:
        raise InvalidState(_("This report is already published."))
    version = report.versions.filter(number=number).first()
    if version is None:
        raise InvalidInput(errors=[{"field": "version", "message": _("Unknown version.")}])
    return _set_approval(actor=actor, report=report, version=version, action="panel.report.approve")


@transaction.atomic
def report_publish(*, actor: Any, report: Report) -> ReportPublication:
    """Publish the approved version, freezing its figures; its PDFs are rendered after commit.

    Raise NotAllowed, InvalidState (not approved, already published) or InvalidInput (a figure
    from a survey whose results are not published).
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    require(actor, "panel.publish_report", report)
    if report.status != Report.Status.APPROVED or report.approved_version is None:
        raise InvalidState(_("Approve a version before publishing the report."))
    version = report.approved_version
    unpublished = [
        {
            "field": "figures",
            "row": number,
            "message": _("Figure %(number)d comes from a survey whose results are not published.")
            % {"number": number},
        }
        for number, embed in enumerate(version.embeds, start=1)
        if not _survey_published(embed["survey"])
    ]
    if unpublished:
        raise InvalidInput(errors=unpublished)
    figures = report_figures.freeze(actor=actor, embeds=version.embeds)
    before = audit.snapshot(report)
    now = timezone.now()
    publication = ReportPublication.objects.create(
        report=report,
        version=version,
        figures=figures,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        published_at=now,
    )
    report.status, report.published_at = Report.Status.PUBLISHED, now
    report.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor=actor, action="panel.report.publish", obj=report, before=before)
    languages = [code for code in LANGUAGES if code in version.texts]

    from aigov.panel.tasks import render_report_pdfs

    transaction.on_commit(lambda: search_index.refresh(report))
    enqueue(render_report_pdfs, publication_id=publication.pk, languages=languages)
    return publication


def _survey_published(slug: str) -> bool:
    from aigov.panel.models import Survey

    return Survey.objects.filter(slug=slug, status=Survey.Status.PUBLISHED).exists()


@transaction.atomic
def report_pdf_render(*, publication: ReportPublication, language: str) -> ReportPdf:
    """Render and store the PDF of a publication in one language (done once per language).

    Published reports are public, so rendering is not a privileged act; it is audited as the
    system actor.
    """
    from aigov.accounts.services import system_actor
    from aigov.panel import pdf

    language = normalise_language(language)
    existing = publication.pdfs.filter(language=language).first()
    if existing is not None:
        return existing
    content = pdf.render(publication=publication, language=language)
    stored, _created = ReportPdf.objects.get_or_create(
        publication=publication, language=language, defaults={"content": content}
    )
    audit.record(
        actor=system_actor(),
        action="panel.report.render_pdf",
        obj=publication.report,
        extra={"language": language, "bytes": len(content)},
    )
    return stored


@transaction.atomic
def working_group_create(*, actor: Any, slug: str, names: dict[str, str]) -> WorkingGroup:
    """Create a working group (the secretariat)."""
    require(actor, "panel.manage_working_groups")
    errors = _slug_errors(slug, WorkingGroup, _("A group with this slug already exists."))
    if not any(str(name).strip() for name in names.values()):
        errors.append({"field": "name", "message": _("Give the group a name.")})
    if errors:
        raise InvalidInput(errors=errors)
    group = WorkingGroup.objects.create(slug=slug, names=names)
    audit.record(actor=actor, action="panel.working_group.create", obj=group)
    return group


@transaction.atomic
def working_group_set_members(
    *, actor: Any, group: WorkingGroup, expert_ids: list[int]
) -> WorkingGroup:
    """Set the members of a working group (the secretariat)."""
    from aigov.panel.models import Expert

    require(actor, "panel.manage_working_groups")
    experts = list(Expert.objects.filter(pk__in=expert_ids))
    missing = sorted(set(expert_ids) - {expert.pk for expert in experts})
    if missing:
        raise InvalidInput(
            errors=[
                {
                    "field": "members",
                    "message": _("Unknown experts: %(ids)s.")
                    % {"ids": ", ".join(map(str, missing))},
                }
            ]
        )
    before = sorted(group.members.values_list("pk", flat=True))
    group.members.set(experts)
    audit.record(
        actor=actor,
        action="panel.working_group.set_members",
        obj=group,
        before=audit.snapshot(group),
        extra={"members": [before, sorted(expert.pk for expert in experts)]},
    )
    return group
