"""Missing data: what someone needs and cannot find (issue 22, item 7)."""

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_required, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, field_error
from aigov.data.models import DataNeed
from aigov.data.vocabulary import Task
from aigov.taxonomy.models import Country, Language


@transaction.atomic
def need_register(
    *, actor: Actor, why: str, language: str = "", country: str = "", task: str = ""
) -> DataNeed:
    """Record data `actor` needs and cannot find. Raise NotAllowed (signed-in people only) or
    InvalidInput naming each bad field; nothing is written on error."""
    require(actor, "data.register_need")
    errors: list[ErrorItem] = []
    language_row = Language.objects.filter(tag__iexact=language).first() if language else None
    if language and language_row is None:
        errors.append(field_error("language", "unknown", _("Give a BCP 47 tag of the taxonomy.")))
    country_row = Country.objects.filter(iso3=country.upper()).first() if country else None
    if country and country_row is None:
        errors.append(field_error("country", "unknown", _("Give an ISO alpha-3 country code.")))
    if task and task not in Task.values:
        errors.append(field_error("task", "unknown", _("Unknown task.")))
    if not why.strip():
        errors.append(field_error("why", "required", _("Say what the data would be for.")))
    if not (language or country or task) and not errors:
        errors.append(
            field_error(None, "required", _("Name a language, a country or a task at least."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    need = DataNeed.objects.create(
        requester=account_required(actor),
        language=language_row,
        country=country_row,
        task=task,
        why=why.strip()[:5000],
    )
    audit.record(actor=actor, action="data.need.register", obj=need)
    return need
