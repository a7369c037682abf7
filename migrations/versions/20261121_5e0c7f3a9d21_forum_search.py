"""forum search index

Full-text index of posts and practices (weltoffen/forum/search.py). Not a model:
an FTS5 virtual table on SQLite (text pre-stemmed by the app), a table with a
'german' tsvector under a GIN index on PostgreSQL. The schema comparison leaves
tables named forum_search* out (migrations/env.py, tests/core/test_app.py).
Existing posts are indexed by `flask forum reindex`.

Revision ID: 5e0c7f3a9d21
Revises: b6564bbe0901
Create Date: 2026-11-21 09:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e0c7f3a9d21'
down_revision = 'b6564bbe0901'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE forum_search ("
            " doc_id BIGINT PRIMARY KEY,"
            " topic_id INTEGER NOT NULL REFERENCES topic (id) ON DELETE CASCADE,"
            " title_plain TEXT NOT NULL DEFAULT '',"
            " body_plain TEXT NOT NULL DEFAULT '',"
            " tsv TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_forum_search_tsv ON forum_search USING GIN (tsv)")
        op.execute("CREATE INDEX ix_forum_search_topic_id ON forum_search (topic_id)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE forum_search USING fts5("
            "title, body, title_plain UNINDEXED, body_plain UNINDEXED, topic_id UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade():
    op.execute("DROP TABLE forum_search")
