"""The search index stores the bigrams of CJK runs (aigov.core.search.normalise.index_text).

Existing entries get them here, derived from the normalised text they hold (`search_text` is
`title_text`, a space, then the body's text), so that a two-character Chinese word is found
right after `migrate`; `aigov upgrade` (and `aigov search rebuild`) re-index from the records
anyway. The full-text indexes follow by themselves: SQLite's triggers, PostgreSQL's generated
column. The logic is copied here, as a migration must not change when the application does.
"""

from itertools import pairwise

from django.db import migrations

BATCH = 2_000
# The CJK ranges of aigov.core.search.normalise, as of this migration.
CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303C),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x3130, 0x318F),
    (0x31A0, 0x31BF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x323AF),
)


def _is_cjk_token(token):
    return len(token) == 1 and any(start <= ord(token) <= end for start, end in CJK_RANGES)


def with_bigrams(text):
    found = text.split()
    bigrams = [
        first + second
        for first, second in pairwise(found)
        if _is_cjk_token(first) and _is_cjk_token(second)
    ]
    return " ".join([*found, *bigrams])


def add_bigrams(apps, schema_editor):
    entry_model = apps.get_model("core", "SearchEntry")
    last = 0
    while True:
        batch = list(
            entry_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "title_text", "search_text")[:BATCH]
        )
        if not batch:
            return
        last = batch[-1].pk
        changed = []
        for entry in batch:
            title, text = entry.title_text, entry.search_text
            body = text[len(title) :] if text.startswith(title) else text
            new_title = with_bigrams(title)
            new_text = f"{new_title} {with_bigrams(body)}".strip()
            if (new_title, new_text) != (title, text):
                entry.title_text, entry.search_text = new_title, new_text
                changed.append(entry)
        entry_model.objects.bulk_update(changed, ["title_text", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_idempotent_request"),
    ]

    operations = [
        migrations.RunPython(add_bigrams, migrations.RunPython.noop, elidable=False),
    ]
