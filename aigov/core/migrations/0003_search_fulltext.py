"""Full-text index over core_searchentry, on SQLite and on PostgreSQL.

The text is already normalised by aigov.core.search.normalise (case folded, diacritics removed,
one token per CJK character, tokens separated by single spaces), so each database only has to
split on spaces and keep token positions for phrase queries.

SQLite: an FTS5 table with external content (core_searchentry), kept in step by triggers on
insert, update and delete. A later migration that makes SQLite rebuild core_searchentry (most
AlterField operations do) drops these triggers with the old table, and must create them again.

PostgreSQL: a stored generated tsvector column ('simple' configuration: no stemming and no stop
words, which would be wrong for five of the six UN languages), title words weighted A and the
rest B, with a GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        title_text,
        search_text,
        content='core_searchentry',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (rowid, title_text, search_text)
        VALUES (new.id, new.title_text, new.search_text);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (core_searchentry_fts, rowid, title_text, search_text)
        VALUES ('delete', old.id, old.title_text, old.search_text);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE OF title_text, search_text ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts (core_searchentry_fts, rowid, title_text, search_text)
        VALUES ('delete', old.id, old.title_text, old.search_text);
        INSERT INTO core_searchentry_fts (rowid, title_text, search_text)
        VALUES (new.id, new.title_text, new.search_text);
    END
    """,
    "INSERT INTO core_searchentry_fts (core_searchentry_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_text, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX core_searchentry_search_vector ON core_searchentry USING gin (search_vector)",
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchentry_search_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(f"aigov search supports SQLite and PostgreSQL, not {vendor}.")
    for statement in statements_by_vendor[vendor]:
        schema_editor.execute(statement)


def create_fulltext_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def drop_fulltext_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_entry"),
    ]

    operations = [
        migrations.RunPython(create_fulltext_index, drop_fulltext_index, elidable=False),
    ]
