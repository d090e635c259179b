"""Second lines of defence for the books, in the database itself.

The posting service checks that each transaction's legs sum to zero in every currency, on
every database. On PostgreSQL a deferred constraint trigger checks it again when the database
transaction commits, so a leg written by any other path (a shell, a faulty import) cannot
leave the books unbalanced. On both databases, legs and transactions refuse UPDATE: a posted
transaction is never edited, it is reversed (issue 21).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION fund_leg_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM fund_leg WHERE transaction_id = NEW.transaction_id
            GROUP BY currency HAVING SUM(amount) <> 0
        ) THEN
            RAISE EXCEPTION 'ledger transaction % is unbalanced', NEW.transaction_id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$;
    """,
    """
    CREATE CONSTRAINT TRIGGER fund_leg_balanced AFTER INSERT ON fund_leg
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fund_leg_balanced();
    """,
    """
    CREATE FUNCTION fund_posted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'posted ledger records are never edited: reverse them'
            USING ERRCODE = 'integrity_constraint_violation';
    END $$;
    """,
    """
    CREATE TRIGGER fund_leg_immutable BEFORE UPDATE ON fund_leg
    FOR EACH ROW EXECUTE FUNCTION fund_posted_immutable();
    """,
    """
    CREATE TRIGGER fund_transaction_immutable BEFORE UPDATE ON fund_transaction
    FOR EACH ROW EXECUTE FUNCTION fund_posted_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS fund_transaction_immutable ON fund_transaction;",
    "DROP TRIGGER IF EXISTS fund_leg_immutable ON fund_leg;",
    "DROP FUNCTION IF EXISTS fund_posted_immutable();",
    "DROP TRIGGER IF EXISTS fund_leg_balanced ON fund_leg;",
    "DROP FUNCTION IF EXISTS fund_leg_balanced();",
]
SQLITE_FORWARD = [
    """
    CREATE TRIGGER fund_leg_immutable BEFORE UPDATE ON fund_leg
    BEGIN SELECT RAISE(ABORT, 'posted ledger records are never edited: reverse them'); END;
    """,
    """
    CREATE TRIGGER fund_transaction_immutable BEFORE UPDATE ON fund_transaction
    BEGIN SELECT RAISE(ABORT, 'posted ledger records are never edited: reverse them'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS fund_transaction_immutable;",
    "DROP TRIGGER IF EXISTS fund_leg_immutable;",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
