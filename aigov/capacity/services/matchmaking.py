"""Writes of matchmaking: needs, offers and introductions."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.capacity import matching
from aigov.capacity.models import Introduction, Need, Node, Offer, Offering, OfferTerm
from aigov.capacity.services.shared import (
    _account,
    _audiences,
    _languages,
    _locked,
    _plain_text,
    _topics,
)
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, field_error
from aigov.taxonomy.models import Country, RegionalGroup


def _regions(values: list[str], field: str) -> list[str]:
    unknown = [value for value in values if value not in RegionalGroup.values]
    if unknown:
        raise InvalidInput(
            errors=[
                field_error(
                    field,
                    "unknown_region",
                    _("Unknown UN regional groups %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(RegionalGroup.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


def _whole_number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(
            errors=[field_error(field, "invalid", _("Give a whole number of at least 1."))]
        )
    return value


def _facets(topics: list[str], languages: list[str], audiences: list[str]) -> dict[str, Any]:
    if not topics:
        raise InvalidInput(
            errors=[field_error("topics", "required", _("Give at least one topic."))]
        )
    return {
        "topics": [topic.slug for topic in _topics(topics)],
        "languages": [language.tag for language in _languages(languages)],
        "audiences": _audiences(audiences),
    }


@transaction.atomic
def need_create(
    *,
    actor: Actor,
    title: str,
    topics: list[str],
    languages: list[str],
    people: int,
    audiences: list[str] | None = None,
    description: str = "",
    country: str | None = None,
    organisation: Any = None,
    region: str = "",
    due_by: datetime.date | None = None,
    is_demo: bool = False,
) -> Need:
    """Post a capacity need. A need in a country's name only from its focal points (or the
    secretariat); the region defaults to the country's UN regional group.

    Raise NotAllowed or InvalidInput naming the field.
    """
    require(actor, "capacity.create_need")
    if not title.strip():
        raise InvalidInput(errors=[field_error("title", "required", _("Give the need a title."))])
    facets = _facets(topics, languages, audiences or [])
    people = _whole_number(people, "people")
    country_row = None
    if country:
        require(actor, "capacity.create_need_for_country", country)
        country_row = Country.objects.filter(pk=country).first()
        if country_row is None:
            raise InvalidInput(
                errors=[field_error("country", "unknown_country", _("No country with this code."))]
            )
    if region:
        _regions([region], "region")
    need = Need.objects.create(
        owner=_account(actor),
        title=_plain_text(Need, "title", title),
        description=description,
        country=country_row,
        organisation=organisation,
        region=region or (country_row.regional_group if country_row else ""),
        people=people,
        due_by=due_by,
        is_demo=is_demo,
        **facets,
    )
    audit.record(actor=actor, action="capacity.need.create", obj=need)
    return need


@transaction.atomic
def offer_create(
    *,
    actor: Actor,
    title: str,
    topics: list[str],
    languages: list[str],
    seats: int,
    audiences: list[str] | None = None,
    regions: list[str] | None = None,
    description: str = "",
    node: Node | None = None,
    offering: Offering | None = None,
    available_from: datetime.date | None = None,
    available_until: datetime.date | None = None,
    is_demo: bool = False,
) -> Offer:
    """Post an offer: in a node's name only by its operators (or the secretariat); any member
    may offer as a contributor. Raise NotAllowed or InvalidInput naming the field."""
    if node is not None:
        require(actor, "capacity.change_node", node)
    else:
        require(actor, "capacity.create_offer")
    if not title.strip():
        raise InvalidInput(errors=[field_error("title", "required", _("Give the offer a title."))])
    facets = _facets(topics, languages, audiences or [])
    seats = _whole_number(seats, "seats")
    if available_from and available_until and available_until < available_from:
        raise InvalidInput(
            errors=[field_error("available_until", "invalid", _("The end comes before the start."))]
        )
    offer = Offer.objects.create(
        owner=_account(actor),
        title=_plain_text(Offer, "title", title),
        description=description,
        node=node,
        offering=offering,
        regions=_regions(regions or [], "regions"),
        seats=seats,
        available_from=available_from,
        available_until=available_until,
        is_demo=is_demo,
        **facets,
    )
    _index_offer(offer)
    audit.record(actor=actor, action="capacity.offer.create", obj=offer)
    return offer


def _index_offer(offer: Offer) -> None:
    """Write the offer's (language, topic) pairs to the matcher's index, in the transaction
    that wrote the offer, so a need's matches read the offer as it is now."""
    OfferTerm.objects.filter(offer=offer).delete()
    OfferTerm.objects.bulk_create(
        OfferTerm(offer=offer, language=language, topic=topic)
        for language, topic in matching.terms_of(offer.languages, offer.topics)
    )


# What an offer says, and may change: its title, description and what the matcher reads.
OFFER_FIELDS = ("title", "description", *matching.OFFER_MATCHED)


@transaction.atomic
def offer_update(*, actor: Actor, offer: Offer, **changes: Any) -> Offer:
    """Change what an offer says (`OFFER_FIELDS`; only those given): its owner, its node's
    operators or the secretariat. The matcher's index follows in the same transaction.

    Raise NotAllowed or InvalidInput naming the field; nothing changes on failure.
    """
    require(actor, "capacity.change_offer", offer)
    offer, before = _locked(offer, changes, OFFER_FIELDS)
    if "title" in changes:
        if not changes["title"].strip():
            raise InvalidInput(
                errors=[field_error("title", "required", _("Give the offer a title."))]
            )
        changes["title"] = _plain_text(Offer, "title", changes["title"])
    if {"topics", "languages", "audiences"} & set(changes):
        changes.update(
            _facets(
                changes.get("topics", offer.topics),
                changes.get("languages", offer.languages),
                changes.get("audiences", offer.audiences),
            )
        )
    if "regions" in changes:
        changes["regions"] = _regions(changes["regions"], "regions")
    if "seats" in changes:
        changes["seats"] = _whole_number(changes["seats"], "seats")
    starts = changes.get("available_from", offer.available_from)
    ends = changes.get("available_until", offer.available_until)
    if starts and ends and ends < starts:
        raise InvalidInput(
            errors=[field_error("available_until", "invalid", _("The end comes before the start."))]
        )
    for name, value in changes.items():
        setattr(offer, name, value)
    offer.save(update_fields=[*changes, "updated_at"])
    if {"topics", "languages"} & set(changes):
        _index_offer(offer)
    audit.record(actor=actor, action="capacity.offer.update", obj=offer, before=before)
    return offer


@transaction.atomic
def introduction_create(*, actor: Actor, need: Need, offer: Offer, message: str) -> Introduction:
    """The need's owner introduces themself to the offer's provider.

    Raise NotAllowed, InvalidState (need done or closed, offer closed), InvalidInput (no
    message) or Conflict (introduced already).
    """
    require(actor, "capacity.change_need", need)
    if need.status in (Need.Status.DONE, Need.Status.CLOSED) or offer.status != Offer.Status.OPEN:
        raise InvalidState(_("Only an open need can be introduced to an open offer."))
    if not message.strip():
        raise InvalidInput(
            errors=[field_error("message", "required", _("Write a few words to the provider."))]
        )
    if Introduction.objects.filter(need=need, offer=offer).exists():
        raise Conflict(_("This need has been introduced to this offer already."))
    introduction = Introduction.objects.create(
        need=need,
        offer=offer,
        created_by=_account(actor),
        message=message.strip(),
        score=matching.pair_score(matching.need_row(need), matching.offer_row(offer)),
    )
    audit.record(actor=actor, action="capacity.introduction.create", obj=introduction)
    return introduction


def _fulfilment(need: Need, *, started: bool) -> str:
    """The status a need's done introductions give it: done once their seats cover its people,
    in progress while they cover part (or, `started`, while one is under way), else open."""
    covered = sum(
        Introduction.objects.filter(need=need, status="done").values_list("offer__seats", flat=True)
    )
    if covered >= need.people:
        return Need.Status.DONE
    return Need.Status.IN_PROGRESS if covered or started else Need.Status.OPEN


@transaction.atomic
def introduction_set_status(
    *, actor: Actor, introduction: Introduction, status: str
) -> Introduction:
    """Move an introduction on: the provider accepts or declines; either side marks it in
    progress or done. The need follows: done once done introductions cover its people,
    in progress while partly covered (none / partial / complete fulfilment).

    Raise NotAllowed or InvalidState (a move the status does not allow).
    """
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("need", "offer")
        .get(pk=introduction.pk)
    )
    perm = (
        "capacity.answer_introduction"
        if status in ("accepted", "declined")
        else "capacity.progress_introduction"
    )
    require(actor, perm, introduction)
    if status not in Introduction.TRANSITIONS.get(introduction.status, ()):
        raise InvalidState(
            _("An introduction cannot go from %(old)s to %(new)s.")
            % {"old": introduction.status, "new": status}
        )
    before = audit.snapshot(introduction)
    introduction.status = status
    introduction.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action=f"capacity.introduction.{status}", obj=introduction, before=before
    )
    if status in ("in_progress", "done"):
        need = Need.objects.select_for_update().get(pk=introduction.need_id)
        new_status = _fulfilment(need, started=True)
        if need.status != new_status and need.status != Need.Status.CLOSED:
            need_before = audit.snapshot(need)
            need.status = new_status
            need.save(update_fields=["status", "updated_at"])
            audit.record(actor=actor, action="capacity.need.status", obj=need, before=need_before)
    return introduction


@transaction.atomic
def need_close(*, actor: Actor, need: Need, closed: bool = True) -> Need:
    """Close a need (no more introductions) or reopen a closed one: its owner or the secretariat.

    A reopened need goes back to what its done introductions say (open, in progress or done).
    Raise NotAllowed or InvalidState (already in that state).
    """
    require(actor, "capacity.change_need", need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if closed == (need.status == Need.Status.CLOSED):
        raise InvalidState(
            _("The need is already %(status)s.") % {"status": need.get_status_display()}
        )
    before = audit.snapshot(need)
    need.status = Need.Status.CLOSED if closed else _fulfilment(need, started=False)
    need.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="capacity.need.status", obj=need, before=before)
    return need


@transaction.atomic
def offer_set_status(*, actor: Actor, offer: Offer, status: str) -> Offer:
    """Close an offer (no longer matched) or open it again: its owner, its node's operators or
    the secretariat. Raise NotAllowed, InvalidInput (unknown status) or InvalidState."""
    require(actor, "capacity.change_offer", offer)
    if status not in Offer.Status.values:
        raise InvalidInput(
            errors=[field_error("status", "invalid_choice", _("Use open or closed."))]
        )
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == status:
        raise InvalidState(
            _("The offer is already %(status)s.") % {"status": Offer.Status(status).label}
        )
    before = audit.snapshot(offer)
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="capacity.offer.status", obj=offer, before=before)
    return offer
