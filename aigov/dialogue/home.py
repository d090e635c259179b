"""What the policy dialogue puts on the home page: the next session, sessions just scheduled."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor
from aigov.core import findings
from aigov.core.translation import pick
from aigov.dialogue import selectors


def next_session(*, actor: Actor, today: datetime.date) -> findings.Finding:
    """Return the session under way or next; else the last one held; else that none is set."""
    session = selectors.session_next(actor=actor, today=today)
    if session is not None and session.starts_on <= today:
        message = _(
            "The policy dialogue session %(title)s is under way in %(place)s until %(date)s."
        )
        figures = {"date": date_format(session.ends_on), "place": session.place}
        link_text = _("Read the agenda and the statements")
    elif session is not None:
        message = _("The next policy dialogue session, %(title)s, opens on %(date)s in %(place)s.")
        figures = {"date": date_format(session.starts_on), "place": session.place}
        link_text = _("Read the agenda and register")
    else:
        session = selectors.session_list(actor=actor).first()
        message = _(
            "No policy dialogue session is scheduled yet; the last one, %(title)s, "
            "opened on %(date)s."
        )
        figures = {"date": date_format(session.starts_on)} if session else {}
        link_text = _("Read its statements")
    if session is None:
        return findings.Finding(
            name="dialogue.next_session",
            message=_("No policy dialogue session is scheduled yet."),
            figures={},
            url=reverse("dialogue:index"),
            link_text=_("About the policy dialogue"),
        )
    return findings.Finding(
        name="dialogue.next_session",
        message=message,
        figures={"title": pick(session.titles), **figures},
        url=session.get_absolute_url(),
        link_text=link_text,
    )


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the sessions scheduled last."""
    return [
        findings.RecentChange(
            on=timezone.localdate(session.created_at),
            what=_("Dialogue session scheduled"),
            title=pick(session.titles),
            url=session.get_absolute_url(),
            is_demo=session.is_demo,
        )
        for session in selectors.session_recent(actor=actor, limit=limit)
    ]


def register() -> None:
    findings.register_headline("dialogue.next_session", next_session, order=40)
    findings.register_recent("dialogue", recent)
    findings.register_entry_links(
        findings.Audience.GOVERNMENT,
        {
            "dialogue:index": gettext_lazy("Policy dialogue sessions and statements"),
            "dialogue:incident-list": gettext_lazy("AI incidents Member States have shared"),
        },
        order=40,
    )
    findings.register_entry_links(
        findings.Audience.EXPERT,
        {"dialogue:incident-list": gettext_lazy("AI incidents shared with the public")},
        order=30,
    )
