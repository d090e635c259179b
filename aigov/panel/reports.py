"""Reports of the panel: drafts saved as immutable versions, review comments, approval by the
secretariat, publication with frozen figures, and a PDF per language.

Writes follow services.py's rules (permission first, one transaction, audited); reads start from
the permission scope, so a draft is absent for whoever may not see it.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, account_required, has, require
from aigov.core import audit
from aigov.core.errors import InvalidInput, InvalidState, error_items, field_error
from aigov.core.search import index as search_index
from aigov.core.tasks import enqueue
from aigov.core.translation import clean_translations, normalise_language
from aigov.panel import report_figures
from aigov.panel.models import Report, ReportComment, ReportPublication, ReportVersion, WorkingGroup
from aigov.panel.report_pdfs import pdf_get, report_pdf_render
from aigov.panel.report_selectors import (
    _FIGURE,
    LANGUAGES,
    Block,
    ReportView,
    comment_list,
    figure_numbers,
    latest_version,
    report_get,
    report_list,
    report_view,
    shown_version,
    text_of,
    version_diff,
    version_get,
    version_list,
)
from aigov.panel.selectors import working_group_list

__all__ = [
    "LANGUAGES",
    "TEXT_FIELDS",
    "TITLE_LENGTH",
    "Block",
    "ReportView",
    "comment_list",
    "figure_numbers",
    "latest_version",
    "pdf_get",
    "report_approve",
    "report_comment",
    "report_create",
    "report_get",
    "report_list",
    "report_pdf_render",
    "report_publish",
    "report_save_version",
    "report_view",
    "shown_version",
    "text_of",
    "version_diff",
    "version_get",
    "version_list",
    "working_group_create",
    "working_group_list",
    "working_group_set_members",
]

TEXT_FIELDS = ("title", "summary", "body")
TITLE_LENGTH = 300


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
                field_error(
                    "language",
                    "invalid",
                    _("%(language)s is not one of the six UN languages.") % {"language": language},
                )
            )
            continue
        text = text if isinstance(text, dict) else {}
        values = {name: str(text.get(name) or "").strip() for name in TEXT_FIELDS}
        if not any(values.values()):
            continue
        if not values["title"]:
            errors.append(
                field_error(
                    "title",
                    "required",
                    _("Give the title in %(language)s.") % {"language": code},
                )
            )
        elif len(values["title"]) > TITLE_LENGTH:
            errors.append(
                field_error(
                    "title",
                    "invalid",
                    _("The title is longer than %(limit)d characters.") % {"limit": TITLE_LENGTH},
                )
            )
        cleaned[code] = values
    if original not in cleaned and not errors:
        errors.append(
            field_error(
                "title",
                "required",
                _("Give the title and text in the original language (%(language)s).")
                % {"language": original},
            )
        )
    return cleaned, errors


def _placeholder_errors(texts: dict[str, dict[str, str]], embeds: list[Any]) -> list[Any]:
    errors = []
    for language, text in texts.items():
        for chunk in re.split(r"\n\s*\n", text["body"]):
            match = _FIGURE.match(chunk.strip())
            if match and not 1 <= int(match.group(1)) <= len(embeds):
                errors.append(
                    field_error(
                        "body",
                        "invalid",
                        _(
                            "The %(language)s text shows figure %(number)s, which the "
                            "draft does not have."
                        )
                        % {"language": language, "number": match.group(1)},
                    )
                )
    return errors


def _slug_errors(slug: str, model: Any, taken: str) -> list[dict[str, Any]]:
    if not slug or slugify(slug) != slug:
        return [
            field_error(
                "slug",
                "invalid",
                _("Use lower-case letters, digits and -."),
            )
        ]
    if model.objects.filter(slug=slug).exists():
        return [field_error("slug", "invalid", taken)]
    return []


@transaction.atomic
def report_create(
    *,
    actor: Actor,
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
        errors.append(
            field_error(
                "kind",
                "invalid_choice",
                _("Choose a kind of report from the list."),
            )
        )
    original = normalise_language(original_language)
    if original not in LANGUAGES:
        errors.append(
            field_error(
                "original_language",
                "invalid_choice",
                _("Choose one of the six UN languages."),
            )
        )
    if working_group is not None and not (
        has(actor, "panel.manage_working_groups") or working_group.pk in _own_groups(actor)
    ):
        errors.append(
            field_error(
                "working_group",
                "invalid",
                _("You are not a member of this group."),
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    report = Report.objects.create(
        slug=slug,
        kind=kind,
        original_language=original,
        author=account_of(actor),
        working_group=working_group,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="panel.report.create", obj=report)
    _add_version(actor=actor, report=report, texts=texts, embeds=embeds or [], note="")
    return report


def _own_groups(actor: Actor) -> set[int]:
    return set(working_group_list(actor=actor).values_list("pk", flat=True))


def _add_version(
    *, actor: Actor, report: Report, texts: Any, embeds: list[dict[str, Any]], note: str
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
        created_by=account_of(actor),
    )
    audit.record(actor=actor, action="panel.report.save_version", obj=version)
    transaction.on_commit(lambda: search_index.refresh(report))
    return version


@transaction.atomic
def report_save_version(
    *,
    actor: Actor,
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
    *, actor: Actor, report: Report, version: ReportVersion | None, action: str
) -> Report:
    before = audit.snapshot(report)
    report.approved_version = version
    report.status = Report.Status.DRAFT if version is None else Report.Status.APPROVED
    report.save(update_fields=["status", "approved_version", "updated_at"])
    audit.record(actor=actor, action=action, obj=report, before=before)
    return report


@transaction.atomic
def report_comment(
    *, actor: Actor, report: Report, body: str, version: ReportVersion | None = None
) -> ReportComment:
    """Record a panel member's review comment on a version (the latest by default)."""
    require(actor, "panel.comment_report", report)
    body = body.strip()
    if not body:
        raise InvalidInput(errors=[field_error("body", "required", _("Write a comment."))])
    version = version or latest_version(report)
    if version is None or version.report_id != report.pk:
        raise InvalidInput(errors=[field_error("version", "unknown", _("Unknown version."))])
    comment = ReportComment.objects.create(
        report=report, version=version, author=account_required(actor), body=body
    )
    audit.record(actor=actor, action="panel.report.comment", obj=comment)
    return comment


@transaction.atomic
def report_approve(*, actor: Actor, report: Report, number: int) -> Report:
    """Approve version `number` of a draft for publication (the secretariat)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    require(actor, "panel.approve_report", report)
    if report.is_published:
        raise InvalidState(_("This report is already published."))
    version = report.versions.filter(number=number).first()
    if version is None:
        raise InvalidInput(errors=[field_error("version", "unknown", _("Unknown version."))])
    return _set_approval(actor=actor, report=report, version=version, action="panel.report.approve")


@transaction.atomic
def report_publish(*, actor: Actor, report: Report) -> ReportPublication:
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
        field_error(
            "figures",
            "invalid",
            _("Figure %(number)d comes from a survey whose results are not published.")
            % {"number": number},
            row=number,
        )
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
        published_by=account_of(actor),
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
def working_group_create(*, actor: Actor, slug: str, names: dict[str, str]) -> WorkingGroup:
    """Create a working group (the secretariat)."""
    require(actor, "panel.manage_working_groups")
    errors = _slug_errors(slug, WorkingGroup, _("A group with this slug already exists."))
    try:
        cleaned = clean_translations(names, max_length=200, field="name", required=True)
    except ValidationError as invalid:
        errors += error_items(invalid)
    if errors:
        raise InvalidInput(errors=errors)
    group = WorkingGroup.objects.create(slug=slug, names=cleaned)
    audit.record(actor=actor, action="panel.working_group.create", obj=group)
    return group


@transaction.atomic
def working_group_set_members(
    *, actor: Actor, group: WorkingGroup, expert_ids: list[int]
) -> WorkingGroup:
    """Set the members of a working group (the secretariat)."""
    from aigov.panel.models import Expert

    require(actor, "panel.manage_working_groups")
    experts = list(Expert.objects.filter(pk__in=expert_ids))
    missing = sorted(set(expert_ids) - {expert.pk for expert in experts})
    if missing:
        raise InvalidInput(
            errors=[
                field_error(
                    "members",
                    "unknown",
                    _("Unknown experts: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                )
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
