"""PostgreSQL keeps ten times the default statistics on the search index's words.

The search picks how many of the newest entries to look through from the planner's estimate of
how often the query's words occur (aigov.core.search.query). With the default statistics
target (100) ANALYZE keeps the frequencies of the 1,000 most common words; a word or prefix
outside them is guessed at half a percent, so a prefix such as "clima*" that 3% of a million
entries hold was read in full. At 1,000 the 10,000 most common words are kept (ANALYZE reads
300,000 rows: about ten seconds at a million entries), and the planner's estimates of
prefixes come within a quarter of the truth. The migration analyses the table once. SQLite has no such statistics: nothing to do.
"""

from django.db import migrations

STATISTICS = 1000


def _set(target):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE core_searchentry ALTER COLUMN search_vector SET STATISTICS {int(target)}"
        )
        schema_editor.execute("ANALYZE core_searchentry")

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0007_search_cjk_bigrams")]

    operations = [migrations.RunPython(_set(STATISTICS), _set(-1))]
