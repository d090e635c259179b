"""Fund ledger benchmark (issue 21): the trial balance and one account's balance over 1,000,000
legs, and 100 concurrent disbursements.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses to run on any
other. It opens a fund with the production service, then writes 500,000 balanced two-leg
transactions (contributions, commitments and disbursements in USD, EUR and CHF, on the chart's
accounts) straight into the tables, and sets the running balances from them once, as the
posting service would have kept them. On PostgreSQL the deferred balance trigger is disabled
for that bulk load only (each leg would run its check) and enabled again before measuring.
It then times, as the secretariat:

- `fund_trial_balance`: `trial_balance` (the running balances) against the baseline of
  summing the legs with one GROUP BY query (`trial_balance_from_legs`); both are checked
  equal;
- `fund_account_balance`: `account_balance` of cash in USD against the baseline
  `SUM(amount)` over that account's legs in that currency;
- `fund_post`: one contribution recorded and posted through the service, over the full table
  (lock, legs, running balances, audit);
- `fund_concurrent_disbursements`: 100 threads disbursing 75 USD each from one 5,000 USD
  grant at once (on PostgreSQL at most 50 hold a connection at a time: the server's
  max_connections is 100); the line reports how many succeeded (66 fit) and fails unless the
  rest were refused with 409 and the grant's total, its disbursement rows and the running cash
  balance agree with the legs.
"""

import datetime
import os
import random
import sys
import threading
import time
from decimal import Decimal
from typing import Any

import _common as common

LEGS = int(os.environ.get("AIGOV_BENCH_FUND_LEGS", "1000000"))
TARGET_MS = 50  # issue 21
WRITERS = 100
CONNECTIONS = 50
SEED = 20_261_207
BATCH = 5_000


def build(rng: random.Random) -> tuple[Any, Any]:
    """Open the fund, write LEGS legs and their running balances; return (fund, secretariat)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from aigov.accounts.services import role_assign, system_actor, user_create
    from aigov.fund import selectors, services
    from aigov.fund.models import AccountBalance, Leg, Transaction

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    actor = system_actor()
    secretariat = user_create(actor=actor, email="bench-secretariat@example.org")
    role_assign(actor=actor, user=secretariat, role="secretariat")
    fund = services.fund_create(actor=secretariat, slug="bench", name="Bench fund", is_default=True)
    accounts = {account.code: account for account in fund.accounts.all()}
    # (kind, debit, credit): money received, in kind, commitments, disbursements.
    shapes = [
        ("contribution", "1000", "4000"),
        ("contribution", "1000", "4100"),
        ("in_kind", "1200", "4200"),
        ("commitment", "5000", "2100"),
        ("disbursement", "2100", "1000"),
    ]
    currencies = ["USD", "USD", "EUR", "CHF"]
    first = datetime.date(2020, 1, 1)
    postgres = connection.vendor == "postgresql"
    if postgres:  # outside the load's transaction: ALTER TABLE waits for no pending events
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE fund_leg DISABLE TRIGGER fund_leg_balanced")
    with transaction.atomic():
        for start in range(0, LEGS // 2, BATCH):
            count = min(BATCH, LEGS // 2 - start)
            picks = [(rng.choice(shapes), rng.choice(currencies)) for _ in range(count)]
            posted = Transaction.objects.bulk_create(
                [
                    Transaction(
                        fund=fund,
                        kind=kind,
                        value_date=first + datetime.timedelta(days=rng.randrange(2_000)),
                        description="Generated for the benchmark",
                    )
                    for (kind, _debit, _credit), _currency in picks
                ]
            )
            legs = []
            for row, ((_kind, debit, credit), currency) in zip(posted, picks, strict=True):
                amount = Decimal(rng.randrange(100, 10_000_000)) / 100
                legs.append(
                    Leg(transaction=row, account=accounts[debit], currency=currency, amount=amount)
                )
                legs.append(
                    Leg(
                        transaction=row, account=accounts[credit], currency=currency, amount=-amount
                    )
                )
            Leg.objects.bulk_create(legs)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE fund_leg ENABLE TRIGGER fund_leg_balanced")
    with transaction.atomic():
        # The running balances the posting service would have kept, set once from the legs.
        slow = selectors.trial_balance_from_legs(actor=secretariat, fund=fund)
        sums: dict[tuple[str, str], list[Decimal]] = {}
        for line in slow.lines:
            sums[(line.account, line.currency)] = [line.debit, line.credit]
        AccountBalance.objects.bulk_create(
            [
                AccountBalance(
                    account=accounts[code],
                    currency=currency,
                    debit=debit,
                    credit=credit,
                    legs=Leg.objects.filter(account=accounts[code], currency=currency).count(),
                )
                for (code, currency), (debit, credit) in sums.items()
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    return fund, secretariat


def _lines(balance: Any) -> list[tuple[str, str, Decimal, Decimal]]:
    return [
        (line.account, line.currency, line.debit, line.credit)
        for line in balance.lines
        if line.debit or line.credit
    ]


def measure(db: str, fund: Any, secretariat: Any) -> None:
    from django.db.models import Sum

    from aigov.fund import selectors, services
    from aigov.fund.models import Leg

    fast = selectors.trial_balance(actor=secretariat, fund=fund)
    slow = selectors.trial_balance_from_legs(actor=secretariat, fund=fund)
    assert _lines(fast) == _lines(slow) and fast.totals == slow.totals, (
        f"balances differ: {set(_lines(fast)) ^ set(_lines(slow))}"
    )
    common.emit_timings(
        "fund_trial_balance",
        db,
        common.timed(lambda: selectors.trial_balance(actor=secretariat, fund=fund), common.RUNS),
        common.timed(
            lambda: selectors.trial_balance_from_legs(actor=secretariat, fund=fund), common.RUNS
        ),
        target=TARGET_MS,
        legs=Leg.objects.count(),
    )

    def baseline_balance() -> Decimal:
        total = Leg.objects.filter(
            account__fund=fund, account__code="1000", currency="USD"
        ).aggregate(total=Sum("amount"))["total"]
        # SQLite sums decimals as floating point numbers: back to the cent.
        return (total or Decimal(0)).quantize(Decimal("0.01"))

    def balance() -> Decimal:
        return selectors.account_balance(actor=secretariat, fund=fund, code="1000", currency="USD")

    assert balance() == baseline_balance(), "the running balance differs from the legs"
    common.emit_timings(
        "fund_account_balance",
        db,
        common.timed(balance, common.RUNS),
        common.timed(baseline_balance, common.RUNS),
        target=TARGET_MS,
    )
    contributor = services.contributor_create(
        actor=secretariat, name="Bench donor", kind="government"
    )

    def post() -> None:
        services.contribution_record(
            actor=secretariat,
            fund=fund,
            contributor=contributor,
            kind="financial",
            amount=Decimal("100"),
            currency="USD",
            value_date=datetime.date(2026, 1, 1),
            description="Benchmark contribution",
        )

    posting = common.timed(post, common.RUNS)
    common.emit("fund_post", db, sorted(posting)[len(posting) // 2], "ms")


def race(db: str, fund: Any, secretariat: Any) -> None:
    from django.db import close_old_connections, connection

    from aigov.core.errors import Conflict
    from aigov.fund import selectors, services
    from aigov.fund.models import Disbursement, Leg

    grant = services.grant_commit(
        actor=secretariat,
        fund=fund,
        title="Bench grant",
        recipient_country="NER",
        amount=Decimal("5000"),
        currency="USD",
    )
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()
    # PostgreSQL refuses connections past max_connections (100 by default, some already in
    # use): at most CONNECTIONS threads hold one at a time; all 100 still start together.
    connections = WRITERS if connection.vendor == "sqlite" else CONNECTIONS
    gate = threading.BoundedSemaphore(connections)

    def disburse() -> None:
        try:
            barrier.wait()
            with gate:
                _disburse_and_close()
            outcome = "done"
        except Conflict:
            outcome = "conflict"
        except Exception as failure:  # noqa: BLE001 - reported below, fails the bench
            outcome = repr(failure)
        with lock:
            outcomes.append(outcome)

    def _disburse_and_close() -> None:
        try:
            services.disbursement_record(
                actor=secretariat,
                grant=grant,
                amount=Decimal("75"),
                currency="USD",
                value_date=datetime.date(2026, 1, 2),
            )
        finally:
            close_old_connections()
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=disburse) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    grant.refresh_from_db()
    done = outcomes.count("done")
    rows = sum(d.amount for d in Disbursement.objects.filter(grant=grant))
    cash = selectors.account_balance(actor=secretariat, fund=fund, code="1000", currency="USD")
    legs = sum(
        leg.amount
        for leg in Leg.objects.filter(account__fund=fund, account__code="1000", currency="USD")
    )
    if not (
        done == 66
        and outcomes.count("conflict") == WRITERS - 66
        and grant.disbursed == rows == Decimal("4950")
        and cash == legs
    ):
        print(f"fund race lost or overdrew: {sorted(set(outcomes))}", file=sys.stderr)
        sys.exit(1)
    common.emit(
        "fund_concurrent_disbursements",
        db,
        elapsed,
        "s",
        writers=WRITERS,
        connections=connections,
        succeeded=done,
    )


def main() -> None:
    common.refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    fund, secretariat = build(random.Random(SEED))
    common.emit("fund_build", db, time.perf_counter() - started, "s", legs=LEGS)
    measure(db, fund, secretariat)
    race(db, fund, secretariat)


if __name__ == "__main__":
    main()
