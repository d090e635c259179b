"""Input checks that the capacity services share, and the account a write is kept under."""

from typing import Any

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.capacity.models import Audience
from aigov.core.errors import InvalidInput, NotAuthenticated, field_error
from aigov.taxonomy.models import Language, Topic


def _account(actor: Actor) -> User:
    """Return the account a record is kept under (its owner, learner or author).

    Services call this after their permission check, which lets only signed-in accounts and the
    system jobs a rule grants (the system account) this far; a visitor is refused here rather
    than stored, should a rule ever let one through.
    """
    if isinstance(actor, User):
        return actor
    raise NotAuthenticated()


def _languages(tags: list[str]) -> list[Language]:
    found = {language.tag.lower(): language for language in Language.objects.filter(tag__in=tags)}
    unknown = [tag for tag in tags if tag.lower() not in found]
    if unknown or not tags:
        raise InvalidInput(
            errors=[
                field_error(
                    "languages",
                    "unknown_language",
                    _(
                        "Give at least one language as a BCP 47 tag known to the taxonomy; "
                        "unknown: %(tags)s."
                    )
                    % {"tags": ", ".join(unknown) or "-"},
                )
            ]
        )
    return [found[tag.lower()] for tag in tags]


def _topics(slugs: list[str]) -> list[Topic]:
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidInput(
            errors=[
                field_error(
                    "topics",
                    "unknown_topic",
                    _("These topics are not in the taxonomy: %(topics)s.")
                    % {"topics": ", ".join(unknown)},
                )
            ]
        )
    return [found[slug] for slug in slugs]


def _audiences(values: list[str]) -> list[str]:
    unknown = [value for value in values if value not in Audience.values]
    if unknown:
        raise InvalidInput(
            errors=[
                field_error(
                    "audiences",
                    "unknown_audience",
                    _("Unknown audiences %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(Audience.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


def _texts(
    values: dict[str, str] | None, *, field: str, required: Any = None, limit: int | None = None
) -> dict[str, str]:
    """A translated text with each language's text trimmed (to `limit` characters) and empty
    ones left out; with `required` (the message), at least one language must remain."""
    cleaned = {
        code: text.strip()[:limit] for code, text in (values or {}).items() if text and text.strip()
    }
    if required and not cleaned:
        raise InvalidInput(errors=[field_error(field, "required", required)])
    return cleaned


def _next_position(rows: Any) -> int:
    last = rows.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1
