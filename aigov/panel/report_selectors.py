"""Reads of reports: lists, versions, comments, the assembled view, diffs."""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from aigov.accounts.access import Actor, has, scope
from aigov.core.errors import NotFound
from aigov.core.translation import normalise_language
from aigov.panel import report_figures
from aigov.panel.models import Report, ReportComment, ReportVersion

LANGUAGES = [code for code, _name in settings.LANGUAGES]
_FIGURE = re.compile(r"^\[\[figure (\d+)\]\]$")


def report_list(
    *, actor: Actor, kind: str | None = None, with_latest_version: bool = False
) -> QuerySet[Report]:
    """The reports `actor` may see: published ones, and the drafts they may read.

    `with_latest_version` fetches each report's latest version in one more query (for lists
    that show drafts' titles), so `latest_version` and `shown_version` need none per report.
    """
    reports = scope(actor, "panel.view_report", Report.objects.all())
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


def report_get(*, actor: Actor, slug: str) -> Report:
    """Return the report `slug`; NotFound when it is missing or hidden from `actor`."""
    report = report_list(actor=actor).filter(slug=slug).first()
    if report is None:
        raise NotFound()
    return report


def version_list(*, actor: Actor, report: Report) -> QuerySet[ReportVersion]:
    """The saved versions of a report, for those who may edit or review it (else none)."""
    if not has(actor, "panel.view_report_comments", report):
        return ReportVersion.objects.none()
    return report.versions.select_related("created_by").order_by("number")


def version_get(*, actor: Actor, report: Report, number: int) -> ReportVersion:
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


def comment_list(*, actor: Actor, report: Report) -> QuerySet[ReportComment]:
    return scope(
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


def report_view(*, actor: Actor, report: Report, language: str) -> ReportView:
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
    *, actor: Actor, report: Report, old: int, new: int, language: str
) -> list[tuple[str, str]]:
    """The differences between two versions in one language: ("+"|"-"|" ", line) pairs."""
    before = version_get(actor=actor, report=report, number=old)
    after = version_get(actor=actor, report=report, number=new)
    original = report.original_language
    lines = difflib.ndiff(
        _diff_lines(before, language, original), _diff_lines(after, language, original)
    )
    return [(line[0], line[2:]) for line in lines if line[:1] in {"+", "-", " "}]
