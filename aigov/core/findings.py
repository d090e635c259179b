"""What the home page shows: headline findings, recent changes and entry points by audience.

Core cannot read the modules (it is the lowest layer), so each module registers, from its
AppConfig.ready() (through its own `home.py`):

- headline providers: `provider(*, actor, today) -> Finding | None`, a figure computed by the
  module's selectors ("118 of 193 Member States take part in none of the seven initiatives");
- recent-change providers: `provider(*, actor, limit) -> list[RecentChange]`, the module's
  newest public records, newest first, each with its date;
- entry links: pages of the module that a kind of user (an `Audience`) should start from.

A module does all three in a `register()` of its `home.py`, called from its ready().

The home page asks every provider as the public (`VISITOR`), whoever is signed in: what it
shows is what anyone may see, the same for everyone in a language.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aigov.core.templatetags.aigov import in_its_language
from aigov.core.translation import Translation

# Every provider is asked as the public: an anonymous user is what the rules call a visitor.
VISITOR = AnonymousUser()
# How many records each module may put among the recent changes, and how many are shown, so
# that a module which adds many records at once (a catalogue import) cannot fill the list.
RECENT_PER_MODULE = 3
RECENT_SHOWN = 10


class Audience(models.TextChoices):
    GOVERNMENT = "government", _("Governments")
    EXPERT = "expert", _("Experts and researchers")
    LEARNER = "learner", _("Learners")
    STANDARDS_BODY = "standards_body", _("Standards bodies")
    DONOR = "donor", _("Donors and partners")


AUDIENCE_DESCRIPTIONS = {
    Audience.GOVERNMENT: _("Focal points and officials of Member States."),
    Audience.EXPERT: _("Scientists who advise the panel and follow incidents and standards."),
    Audience.LEARNER: _("Public servants and anyone building skills in AI governance."),
    Audience.STANDARDS_BODY: _("Bodies that write the standards and look for what is missing."),
    Audience.DONOR: _("Those who fund or offer support where it is needed most."),
}


@dataclass(frozen=True)
class Finding:
    """A headline: a translated sentence whose `%(name)s` placeholders are the figures.

    `figures` are the numbers (or short texts such as a date, or a record's translated title)
    the module's selectors computed; the page shows them emphasised inside the sentence
    (`html`), a title in another language marked with its own `lang` and `dir`.
    """

    name: str
    message: str
    figures: Mapping[str, int | str | Translation]
    url: str
    link_text: str

    def html(self) -> SafeString:
        """Return the sentence with its figures in <strong> (numbers also marked as such),
        everything else escaped."""
        emphasised = {
            key: (
                format_html(
                    '<strong class="figure">{}</strong>', number_format(value, force_grouping=True)
                )
                if isinstance(value, int)
                else format_html("<strong>{}</strong>", _in_its_language(value))
            )
            for key, value in self.figures.items()
        }
        # The message is escaped before the (already escaped) figures are put in.
        return mark_safe(conditional_escape(self.message) % emphasised)  # noqa: S308


def _in_its_language(value: str | Translation) -> str:
    return in_its_language(value) if isinstance(value, Translation) else value


@dataclass(frozen=True)
class RecentChange:
    """One public record that changed: what happened, to what, when, and where to read it."""

    on: datetime.date
    what: str
    title: Translation
    url: str
    is_demo: bool = False


def in_reader_language(text: str) -> Translation:
    """Return text already in the reader's language (a sentence made with gettext)."""
    return Translation(text=text, language=get_language() or "en", is_fallback=False)


@dataclass(frozen=True)
class EntryLink:
    audience: Audience
    label: Any  # a lazy translated string
    url_name: str
    order: int


@dataclass(frozen=True)
class EntryPoint:
    """One audience on the home page, with the links its members start from."""

    audience: Audience
    label: str
    description: str
    links: list[tuple[str, str]] = field(default_factory=list)


HeadlineProvider = Callable[..., Finding | None]
RecentProvider = Callable[..., list[RecentChange]]

_headlines: dict[str, tuple[int, HeadlineProvider]] = {}
_recent: dict[str, RecentProvider] = {}
_entry_links: dict[tuple[str, str], EntryLink] = {}


def register_headline(name: str, provider: HeadlineProvider, *, order: int) -> None:
    """Register a headline provider under a unique name; lower `order` comes first."""
    _headlines[name] = (order, provider)


def register_recent(name: str, provider: RecentProvider) -> None:
    """Register a provider of a module's recent public records under a unique name."""
    _recent[name] = provider


def register_entry_links(audience: Audience, links: Mapping[str, Any], *, order: int) -> None:
    """Register pages (URL name -> lazy label) that `audience` should start from; a module's
    links keep their order, and modules are ordered by `order` (once each, however often
    ready() runs)."""
    for position, (url_name, label) in enumerate(links.items()):
        _entry_links[(audience, url_name)] = EntryLink(audience, label, url_name, order + position)


def headlines(*, today: datetime.date) -> list[Finding]:
    """Return the headline findings as the public sees them on `today`, in registered order."""
    found = []
    for _order, provider in sorted(_headlines.values(), key=lambda entry: entry[0]):
        finding = provider(actor=VISITOR, today=today)
        if finding is not None:
            found.append(finding)
    return found


def recent_changes(*, today: datetime.date, limit: int = RECENT_SHOWN) -> list[RecentChange]:
    """Return the newest public records across modules, newest first, none dated after `today`.

    Each module gives at most RECENT_PER_MODULE, so one busy module cannot hide the others.
    """
    changes = [
        change
        for provider in _recent.values()
        for change in provider(actor=VISITOR, limit=RECENT_PER_MODULE)[:RECENT_PER_MODULE]
        if change.on <= today
    ]
    changes.sort(key=lambda change: change.on, reverse=True)
    return changes[:limit]


def entry_points() -> list[EntryPoint]:
    """Return every audience with its registered links, in the order of `Audience`."""
    points = []
    for audience in Audience:
        links = []
        for link in sorted(
            (link for link in _entry_links.values() if link.audience == audience),
            key=lambda link: (link.order, link.url_name),
        ):
            try:
                links.append((str(link.label), reverse(link.url_name)))
            except NoReverseMatch:
                continue
        points.append(
            EntryPoint(
                audience=audience,
                label=str(audience.label),
                description=str(AUDIENCE_DESCRIPTIONS[audience]),
                links=links,
            )
        )
    return points
