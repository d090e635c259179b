"""On PostgreSQL, keep coded blocks uncompressed: reading them is the analysis's main cost.

TOAST compresses long text by default; decompressing ten 3.8 MB blocks took four times longer
than reading them uncompressed (measured, see aigov/panel/README.md). SQLite has no such setting.
"""

from typing import Any

from django.db import migrations


def _uncompressed(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE panel_codedblock ALTER COLUMN codes SET STORAGE EXTERNAL"
        )


def _default(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE panel_codedblock ALTER COLUMN codes SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("panel", "0001_initial")]

    operations = [migrations.RunPython(_uncompressed, _default)]
