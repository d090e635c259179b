"""Concurrent writers against the fund's books, for test_concurrency.py: on PostgreSQL in the
test process (threads), on SQLite in a child process over a file database (the test suite's
in-memory database cannot hold two writers; a file database in WAL mode can, and the settings'
BEGIN IMMEDIATE makes writers take turns).

Two races, each of `writers` threads started together at a barrier:

1. commitments: the fund holds 1,000 USD; each thread commits a 100 USD grant, and only ten
   fit in the available balance;
2. disbursements: one grant of 1,000 USD; each thread disburses 75 USD, and only thirteen fit.

Every refusal must be a Conflict (409), nothing else; the books must agree with the rows.
"""

import json
import sys
import threading
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import close_old_connections, connection


def _race(writers: int, work: Any) -> Counter[str]:
    from aigov.core.errors import Conflict

    barrier = threading.Barrier(writers)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(number: int) -> None:
        try:
            barrier.wait()
            work(number)
            outcome = "done"
        except Conflict:
            outcome = "conflict"
        except BaseException as failure:  # noqa: BLE001 - counted and reported by the caller
            outcome = f"error: {failure!r}"
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def run_races(writers: int) -> dict[str, Any]:
    """Build the world, run both races, return what happened and what the books say."""
    from aigov.fund import selectors, services
    from aigov.fund.models import AccountBalance, Disbursement, Grant, Leg
    from aigov.fund.tests import factories
    from aigov.taxonomy.models import Country

    Country.objects.get_or_create(iso3="NER", defaults={"iso2": "NE", "names": {"en": "Niger"}})
    secretariat = factories.secretariat()
    fund = factories.open_fund(secretariat)
    donor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, donor, "1000")

    commitments = _race(
        writers, lambda n: factories.grant(secretariat, fund, "100", title=f"Grant {n}")
    )
    committed = Grant.objects.count()

    factories.give(secretariat, fund, donor, "1000")
    big = factories.grant(secretariat, fund, "1000", title="The big grant")
    disbursements = _race(
        writers,
        lambda n: services.disbursement_record(
            actor=secretariat,
            grant=big,
            amount=Decimal("75"),
            currency="USD",
            value_date=factories.DAY,
        ),
    )
    big.refresh_from_db()
    paid = sum(d.amount for d in Disbursement.objects.filter(grant=big))
    balance = selectors.trial_balance(actor=secretariat, fund=fund)
    from_legs = selectors.trial_balance_from_legs(actor=secretariat, fund=fund)
    cash_legs = sum(leg.amount for leg in Leg.objects.filter(account__code="1000", currency="USD"))
    cash = AccountBalance.objects.get(account__code="1000", currency="USD")
    return {
        "commitments": dict(commitments),
        "grants_committed": committed,
        "disbursements": dict(disbursements),
        "disbursed_rows": str(paid),
        "grant_disbursed": str(big.disbursed),
        "cash_balance": str(cash.balance),
        "cash_from_legs": str(cash_legs),
        "balanced": balance.is_balanced,
        "same_as_legs": [
            (line.account, line.currency, str(line.debit), str(line.credit))
            for line in balance.lines
            if line.debit or line.credit
        ]
        == [
            (line.account, line.currency, str(line.debit), str(line.credit))
            for line in from_legs.lines
        ],
    }


def main() -> None:
    """Run in a child process on a migrated file database (test_concurrency.py)."""
    import django

    django.setup()
    print(json.dumps(run_races(int(sys.argv[1]))))  # noqa: T201 - read by the parent test


if __name__ == "__main__":
    main()
