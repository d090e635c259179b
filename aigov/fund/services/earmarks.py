"""Restricted money goes only where its donor earmarked it.

A grant may name the restricted contribution that funds it (`funded_from`). The grant is
refused, writing nothing, when the earmark does not match it — another recipient country than
the earmarked ones, none of the earmarked SDGs among the grant's, or a theme the grant's call
does not answer — and when the contribution's money is already committed to other grants.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from aigov.core.errors import Conflict, ErrorItem, field_error
from aigov.fund.models import ZERO, Application, Contribution, Fund, Grant, Transaction
from aigov.taxonomy.models import Country

FIELD = "funded_from"


def earmark_errors(
    contribution: Contribution,
    *,
    fund: Fund,
    currency: str,
    country: Country | None,
    sdgs: Sequence[int],
    application: Application | None,
) -> list[ErrorItem]:
    """Return why `contribution` may not fund a grant to `country` for `sdgs` (empty: it may)."""
    if (
        contribution.fund_id != fund.pk
        or contribution.kind != Contribution.Kind.FINANCIAL
        or not contribution.is_restricted
    ):
        return [
            field_error(
                FIELD,
                "not_restricted",
                _("Choose a restricted financial contribution to the fund."),
            )
        ]
    if Transaction.objects.filter(reverses_id=contribution.transaction_id).exists():
        return [field_error(FIELD, "reversed", _("That contribution has been reversed."))]
    errors: list[ErrorItem] = []
    if contribution.currency != currency:
        errors.append(
            field_error(
                FIELD,
                "other_currency",
                _("That contribution is in %(currency)s; commit the grant in it.")
                % {"currency": contribution.currency},
            )
        )
    countries = {c.iso3 for c in contribution.restricted_countries.all()}
    if countries and (country is None or country.iso3 not in countries):
        errors.append(
            field_error(
                FIELD,
                "earmark_country",
                _("That contribution is earmarked for %(countries)s, not this recipient country.")
                % {"countries": ", ".join(sorted(countries))},
            )
        )
    earmarked_sdgs = {s.number for s in contribution.restricted_sdgs.all()}
    if earmarked_sdgs and not earmarked_sdgs & set(sdgs):
        errors.append(
            field_error(
                FIELD,
                "earmark_sdg",
                _("That contribution is earmarked for SDG %(sdgs)s; the grant serves none of them.")
                % {"sdgs": ", ".join(str(n) for n in sorted(earmarked_sdgs))},
            )
        )
    theme = contribution.restricted_theme.strip().casefold()
    call_priority = application.call.priority.strip().casefold() if application else ""
    if theme and theme != call_priority:
        errors.append(
            field_error(
                FIELD,
                "earmark_theme",
                _(
                    "That contribution is earmarked for the theme “%(theme)s”; grant it through "
                    "an application to a call on that priority."
                )
                % {"theme": contribution.restricted_theme},
            )
        )
    return errors


def require_restricted_room(contribution: Contribution, amount: Decimal) -> None:
    """Raise Conflict when `amount` exceeds what is left of `contribution` after the grants it
    already funds. Callers hold the fund's lock, so two grants cannot both take the rest."""
    committed = (
        Grant.objects.filter(funded_from=contribution).aggregate(total=Sum("committed"))["total"]
        or ZERO
    )
    left = contribution.amount - committed
    if amount > left:
        raise Conflict(
            _("Only %(left)s %(currency)s of that restricted contribution is not yet committed.")
            % {"left": left, "currency": contribution.currency}
        )
