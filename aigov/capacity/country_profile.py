"""The capacity module's sections of a country profile: its nodes, courses in its official
languages, its readiness self-assessments, and its needs and offers."""

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import has
from aigov.capacity import selectors
from aigov.capacity.models import Need, Node, Offer, Offering, ReadinessAssessment
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country
from aigov.taxonomy.selectors import country_official_languages


def _node(node: Node) -> profiles.ProfileItem:
    url = reverse("capacity:node-detail", args=[node.slug])
    return profiles.profile_item(node.names, url, node.get_kind_display(), is_demo=node.is_demo)


def nodes(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The network's nodes in the country (the network is public)."""
    rows = selectors.node_list().filter(country_id=country.iso3).order_by("slug")
    return profiles.section_of(rows, limit, _node)


def _offering(offering: Offering) -> profiles.ProfileItem:
    note = offering.get_kind_display()
    if offering.starts_at is not None:
        note = gettext("%(kind)s, from %(date)s") % {
            "kind": note,
            "date": formats.date_format(offering.starts_at),
        }
    return profiles.profile_item(
        offering.titles, offering.get_absolute_url(), note, is_demo=offering.is_demo
    )


def courses(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The catalogue's offerings in one of the country's official languages (CLDR)."""
    languages = country_official_languages(country=country)
    if not languages:
        unknown = gettext("No official language of this country is known to the platform.")
        return profiles.SectionContent(count=0, items=[], note=unknown)
    tags = {tag for language in languages for tag in selectors.language_tags_for(language.tag)}
    in_languages = selectors.LanguageThrough.objects.filter(language_id__in=sorted(tags))
    offerings = selectors.offering_list(actor=actor).filter(
        pk__in=in_languages.values("offering_id")
    )
    # The catalogue filters by one language; a country with several gets the expanded section.
    more = (
        profiles.list_url("capacity:index", language=languages[0].tag)
        if len(languages) == 1
        else ""
    )
    return profiles.section_of(offerings, limit, _offering, more_url=more)


def _assessment(assessment: ReadinessAssessment) -> profiles.ProfileItem:
    score = assessment.overall_score
    if assessment.status == ReadinessAssessment.Status.DRAFT:
        note = assessment.get_status_display()
    elif assessment.is_published:
        note = (
            gettext("Overall score %(score)s of 100, published") % {"score": score}
            if score is not None
            else gettext("Published")
        )
    else:
        note = (
            gettext("Overall score %(score)s of 100, not published") % {"score": score}
            if score is not None
            else gettext("Not published")
        )
    day = formats.date_format(assessment.submitted_at or assessment.created_at)
    title = assessment.label or gettext("Assessment of %(date)s") % {"date": day}
    return profiles.profile_item(
        title, assessment.get_absolute_url(), note, is_demo=assessment.is_demo
    )


def readiness(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The country's readiness self-assessments: published ones for everyone; drafts and
    unpublished ones for its focal points and the secretariat too."""
    return profiles.section_of(
        selectors.assessment_list(actor=actor, country=country.iso3), limit, _assessment
    )


def _members_note(actor: Any, permission: str) -> str:
    if has(actor, permission):
        return ""
    return gettext("Needs and offers are shown to signed-in members.")


def _need(need: Need) -> profiles.ProfileItem:
    values = {"status": need.get_status_display(), "people": need.people}
    if need.due_by is None:
        note = ngettext(
            "%(status)s, %(people)s person to train",
            "%(status)s, %(people)s people to train",
            need.people,
        )
    else:
        values["date"] = formats.date_format(need.due_by)
        note = ngettext(
            "%(status)s, %(people)s person to train by %(date)s",
            "%(status)s, %(people)s people to train by %(date)s",
            need.people,
        )
    url = reverse("capacity:need-detail", args=[need.pk])
    return profiles.profile_item(need.title, url, note % values, is_demo=need.is_demo)


def needs(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The capacity needs stated for the country (seen by signed-in members)."""
    rows = selectors.need_list(actor=actor).filter(country_id=country.iso3)
    return profiles.section_of(rows, limit, _need, note=_members_note(actor, "capacity.view_need"))


def _offer(offer: Offer) -> profiles.ProfileItem:
    note = ngettext("%(status)s, %(seats)s seat", "%(status)s, %(seats)s seats", offer.seats)
    values = {"status": offer.get_status_display(), "seats": offer.seats}
    url = f"{profiles.list_url('capacity:offer-list')}#offer-{offer.pk}"
    return profiles.profile_item(offer.title, url, note % values, is_demo=offer.is_demo)


def offers(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The offers made by the network's nodes in the country (seen by signed-in members)."""
    rows = selectors.offer_list(actor=actor).filter(node__country_id=country.iso3)
    return profiles.section_of(
        rows, limit, _offer, note=_members_note(actor, "capacity.view_offer")
    )


def register() -> None:
    sections = [
        ("capacity.nodes", _("Capacity development nodes"), nodes),
        ("capacity.courses", _("Courses in its official languages"), courses),
        ("capacity.readiness", _("Readiness self-assessments"), readiness),
        ("capacity.needs", _("Capacity needs"), needs),
        ("capacity.offers", _("Offers from its nodes"), offers),
    ]
    for order, (key, title, provider) in enumerate(sections, start=40):
        profiles.register_country_section(key, title, provider, order=order)
