"""Input checks that the capacity services share, and the account a write is kept under."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.capacity.models import Audience
from aigov.core import audit
from aigov.core.errors import InvalidInput, NotAuthenticated, field_error
from aigov.core.translation import TranslatedTextField, clean_translations
from aigov.taxonomy.models import Language, Topic

Row = TypeVar("Row", bound=Model)


def _locked(row: Row, changes: Iterable[str], allowed: Iterable[str]) -> tuple[Row, dict[str, Any]]:
    """Refuse fields a service does not change (a caller's mistake), then lock the row for the
    change and take its values before it, for the audit entry."""
    unexpected = set(changes) - set(allowed)
    if unexpected:
        name = type(row)._meta.model_name
        raise TypeError(f"Unknown {name} fields: {sorted(unexpected)}")
    locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
    return locked, audit.snapshot(locked)


def _account(actor: Actor) -> User:
    """Return the account a record is kept under (its owner, learner or author).

    Services call this after their permission check, which lets only signed-in accounts and the
    system jobs a rule grants this far. Unlike `access.account_required`, a job passes: the
    demonstration data job owns what it writes as the system account (a demo user named there
    could never be removed from the audit log). A visitor is refused rather than stored, should
    a rule ever let one through.
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


def _translations(
    model: type[Model], field: str, values: object, *, where: str | None = None
) -> dict[str, str]:
    """Return `values` (language code -> text) as `model.field` keeps them: stripped, without
    empty languages, each within the field's length, and at least one unless the field may be
    blank. Raise ValidationError naming `where` (the field itself by default) and the language;
    a text that is too long is refused, never cut short."""
    spec = model._meta.get_field(field)
    if not isinstance(spec, TranslatedTextField):
        raise TypeError(f"{model.__name__}.{field} is not a translated text field.")
    return clean_translations(
        values, max_length=spec.text_max_length, field=where or field, required=not spec.blank
    )


def _keep_translations(record: Model, *fields: str) -> None:
    """Set each translated field of a validated `record` to its cleaned value (stripped, language
    codes normalised, empty languages left out), so that reads find every language."""
    for field in fields:
        setattr(record, field, _translations(type(record), field, getattr(record, field)))


def _plain_text(model: type[Model], field: str, value: str) -> str:
    """Return `value` stripped; raise ValidationError naming `field` when it is longer than
    `model.field` takes (it is refused, never cut short)."""
    spec = model._meta.get_field(field)
    limit = spec.max_length if isinstance(spec, Field) else None
    text = value.strip()
    if limit is not None and len(text) > limit:
        problem = ValidationError(
            _("This text has %(length)d characters; at most %(limit)d are allowed. Shorten it."),
            code="too_long",
            params={"length": len(text), "limit": limit},
        )
        raise ValidationError({field: [problem]})
    return text


def _next_position(rows: Any) -> int:
    last = rows.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1
