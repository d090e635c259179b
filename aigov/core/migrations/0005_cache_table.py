"""The database cache table: rate-limit counters shared by every worker without Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Django's own command: it reads CACHES and creates each missing database cache table,
    # so it does nothing when Redis is the cache or the table already exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_row_state")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
