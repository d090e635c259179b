"""Make the audit log append-only at the database level, on SQLite and on PostgreSQL.

Nobody, the secretariat and administrators included, can edit or delete an audit entry; the
triggers enforce this even for raw SQL and the Django admin.
"""

from django.conf import settings
from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS auditlog_logentry_no_update BEFORE UPDATE ON auditlog_logentry
       BEGIN SELECT RAISE(ABORT, 'audit log entries cannot be changed'); END;""",
    """CREATE TRIGGER IF NOT EXISTS auditlog_logentry_no_delete BEFORE DELETE ON auditlog_logentry
       BEGIN SELECT RAISE(ABORT, 'audit log entries cannot be deleted'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS auditlog_logentry_no_update;",
    "DROP TRIGGER IF EXISTS auditlog_logentry_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION aigov_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log entries cannot be changed or deleted'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER auditlog_logentry_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
       FOR EACH ROW EXECUTE FUNCTION aigov_audit_append_only();""",
    """CREATE TRIGGER auditlog_logentry_no_truncate BEFORE TRUNCATE ON auditlog_logentry
       FOR EACH STATEMENT EXECUTE FUNCTION aigov_audit_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;",
    "DROP TRIGGER IF EXISTS auditlog_logentry_no_truncate ON auditlog_logentry;",
    "DROP FUNCTION IF EXISTS aigov_audit_append_only();",
]


def install_triggers(schema_editor):
    """Create the triggers; also used by the test that proves the log cannot be edited."""
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def install(apps, schema_editor):
    # The test suite flushes every table between browser tests, which the triggers would refuse;
    # it turns this setting off and installs the triggers itself where it tests them.
    if getattr(settings, "AUDIT_APPEND_ONLY_TRIGGERS", True):
        install_triggers(schema_editor)


def uninstall(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "__latest__")]
    operations = [migrations.RunPython(install, uninstall)]
