"""What the fund puts on the home page: what it received and how much of what it disbursed
reached low- and middle-income countries, against the HLAB baseline; grants just committed."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor
from aigov.core import findings
from aigov.core.charts import format_percent
from aigov.core.errors import NotFound
from aigov.fund import selectors


def reach(*, actor: Actor, today: datetime.date) -> findings.Finding:
    """Return the money received and the share of disbursements reaching low- and middle-income
    countries beside the baseline of HLAB para. 15 (10% of grants), as `actor` may see them."""
    url = reverse("fund:index")
    try:
        fund = selectors.fund_default()
    except NotFound:
        return findings.Finding(
            name="fund.reach",
            message=_("The global fund for AI has not been opened yet."),
            figures={},
            url=url,
            link_text=_("About the fund"),
        )
    summary = selectors.fund_summary(actor=actor, fund=fund, as_of=today)
    received = int(summary.received_usd)
    if summary.share_to_lmics is None:
        return findings.Finding(
            name="fund.reach",
            message=_(
                "The global fund for AI has received USD %(received)s; nothing has been "
                "disbursed yet."
            ),
            figures={"received": received},
            url=url,
            link_text=_("Who gave what"),
        )
    return findings.Finding(
        name="fund.reach",
        message=_(
            "The global fund for AI has received USD %(received)s; %(share)s of what it "
            "disbursed reached low- and middle-income countries, where %(baseline)s of grants "
            "reach them today."
        ),
        figures={
            "received": received,
            "share": format_percent(summary.share_to_lmics),
            "baseline": format_percent(summary.baseline_grants),
        },
        url=url,
        link_text=_("Where the money went"),
    )


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the grants committed last (grants are public)."""
    return [
        findings.RecentChange(
            on=timezone.localdate(grant.created_at),
            what=_("Grant committed"),
            # A grant's title is one text, kept as written: shown without a language mark.
            title=findings.in_reader_language(grant.title),
            url=reverse("fund:grant-detail", args=[grant.pk]),
            is_demo=grant.is_demo,
        )
        for grant in selectors.grant_list(actor=actor).order_by("-created_at", "-pk")[:limit]
    ]


def register() -> None:
    findings.register_headline("fund.reach", reach, order=50)
    findings.register_recent("fund", recent)
    findings.register_entry_links(
        findings.Audience.DONOR,
        {
            "fund:index": gettext_lazy("The global fund for AI: who gave what, where it went"),
            "fund:grant-list": gettext_lazy("Grants of the global fund for AI"),
            "fund:statement": gettext_lazy("Your statement as a donor"),
        },
        order=10,
    )
