"""What the Standards Exchange puts on the home page: gaps in the matrix, standards that moved."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor
from aigov.core import findings
from aigov.core.translation import Translation, pick
from aigov.standards import selectors
from aigov.standards.models import Status

# What a step of a standard's history is called among the recent changes.
_WHAT = {
    Status.PROPOSAL: gettext_lazy("Standard proposed"),
    Status.UNDER_DEVELOPMENT: gettext_lazy("Standard in development"),
    Status.PUBLISHED: gettext_lazy("Standard published"),
    Status.REVISED: gettext_lazy("Standard revised"),
    Status.WITHDRAWN: gettext_lazy("Standard withdrawn"),
}


def gaps(*, actor: Actor, today: datetime.date) -> findings.Finding:
    """Return how many topic and lifecycle-stage pairs of the gap matrix no standard covers.

    Only topics that some counted standard is tagged with are counted: a topic no standard is
    tagged with yet says nothing about gaps (it is shown as untagged on the matrix).
    """
    coverage = selectors.coverage_matrix(actor=actor, rows="topic", cols="lifecycle_stage")
    tagged = [cells for _row, cells in coverage.table() if any(cell["total"] for cell in cells)]
    return findings.Finding(
        name="standards.gaps",
        message=_(
            "%(empty)s of %(pairs)s pairs of topic and lifecycle stage have no standard "
            "published or in development."
        ),
        figures={
            "empty": sum(1 for cells in tagged for cell in cells if cell["total"] == 0),
            "pairs": sum(len(cells) for cells in tagged),
        },
        url=reverse("standards:gaps"),
        link_text=_("Open the gap matrix"),
    )


def _title(standard: object) -> Translation:
    """`reference: title`, in the title's language."""
    reference = str(getattr(standard, "reference", ""))
    picked = pick(getattr(standard, "titles", None))
    if not picked.text:
        return findings.in_reader_language(reference)
    text = _("%(reference)s: %(title)s") % {"reference": reference, "title": picked.text}
    return Translation(text=text, language=picked.language, is_fallback=picked.is_fallback)


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the latest dated steps of standards' histories (published, withdrawn …)."""
    return [
        findings.RecentChange(
            on=change.changed_on,
            what=str(_WHAT[Status(change.status)]),
            title=_title(change.standard),
            url=change.standard.get_absolute_url(),
            is_demo=change.standard.is_demo,
        )
        for change in selectors.status_change_dated(actor=actor, limit=limit)
        if change.changed_on is not None
    ]


def register() -> None:
    findings.register_headline("standards.gaps", gaps, order=20)
    findings.register_recent("standards", recent)
    findings.register_entry_links(
        findings.Audience.STANDARDS_BODY,
        {
            "standards:index": gettext_lazy("The register of AI standards"),
            "standards:gaps": gettext_lazy("The gap matrix: where no standard exists yet"),
            "standards:gap-proposals": gettext_lazy("Propose or endorse a gap"),
            "standards:trends": gettext_lazy("Standards published over the years"),
        },
        order=10,
    )
    findings.register_entry_links(
        findings.Audience.EXPERT,
        {"standards:concept-list": gettext_lazy("Definitions of AI terms across standards")},
        order=40,
    )
    findings.register_entry_links(
        findings.Audience.DONOR,
        {"standards:gaps": gettext_lazy("Gaps in the standards")},
        order=20,
    )
