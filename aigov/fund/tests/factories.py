"""The fund's test world, built through the services so the books are always posted."""

import datetime
from decimal import Decimal
from typing import Any

from allauth.mfa.models import Authenticator

from aigov.accounts.tests.factories import UserFactory
from aigov.fund import services
from aigov.fund.models import Contributor, Fund, Grant

DAY = datetime.date(2026, 3, 2)


def secretariat() -> Any:
    user = UserFactory(role="secretariat")
    # The secretariat's pages and API need two-factor sign-in set up (accounts.middleware).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def donor() -> Any:
    return UserFactory(role="donor")


def open_fund(actor: Any) -> Fund:
    return services.fund_create(
        actor=actor,
        slug="global-fund-for-ai",
        name="Global Fund for AI",
        is_default=True,
        iati_organisation_identifier="XI-IATI-TEST",
    )


def contributor_for(actor: Any, user: Any, name: str = "Testland", **extra: Any) -> Contributor:
    return services.contributor_create(
        actor=actor, name=name, kind=extra.pop("kind", "government"), members=[user], **extra
    )


def give(
    actor: Any,
    fund: Fund,
    contributor: Contributor,
    amount: str,
    currency: str = "USD",
    **extra: Any,
) -> Any:
    return services.contribution_record(
        actor=actor,
        fund=fund,
        contributor=contributor,
        kind="financial",
        amount=Decimal(amount),
        currency=currency,
        value_date=extra.pop("value_date", DAY),
        description=extra.pop("description", "Core contribution"),
        **extra,
    )


def grant(actor: Any, fund: Fund, amount: str, currency: str = "USD", **extra: Any) -> Grant:
    return services.grant_commit(
        actor=actor,
        fund=fund,
        title=extra.pop("title", "AI skills for civil servants"),
        recipient_country=extra.pop("recipient_country", "NER"),
        amount=Decimal(amount),
        currency=currency,
        committed_on=extra.pop("committed_on", DAY),
        **extra,
    )


def disburse(actor: Any, grant: Grant, amount: str | Decimal) -> Any:
    return services.disbursement_record(
        actor=actor, grant=grant, amount=Decimal(amount), currency=grant.currency, value_date=DAY
    )
