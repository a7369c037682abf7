"""forum search scoped by network; topic index for the forum index

The search index learns each document's network, so a search asks the full-text
index only for its own network's documents (weltoffen/forum/search.py): on SQLite a
`scope` column holding the token net<network id> (the FTS5 table is rebuilt with it,
its rows copied), on PostgreSQL a `network_id` column with an index on
(network_id, doc_id) beside the GIN index. Existing rows take their topic's network.
ix_topic_category_kind_hidden lets the forum index count each category's visible
discussions and find their latest activity from the index alone (covering).

Revision ID: 9c2f4e1b7d55
Revises: 41a41dae50c7
Create Date: 2026-11-21 10:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9c2f4e1b7d55'
down_revision = '41a41dae50c7'
branch_labels = None
depends_on = None

_FTS = ("CREATE VIRTUAL TABLE forum_search USING fts5("
        "title, body, {scope}title_plain UNINDEXED, body_plain UNINDEXED, topic_id UNINDEXED,"
        " tokenize = 'unicode61 remove_diacritics 2')")


def _rebuild_sqlite(scoped: bool):
    op.execute("CREATE TABLE forum_search_copy AS SELECT rowid AS doc_id, title, body, title_plain, "
               "body_plain, topic_id FROM forum_search")
    op.execute("DROP TABLE forum_search")
    op.execute(_FTS.format(scope="scope, " if scoped else ""))
    if scoped:
        op.execute("INSERT INTO forum_search (rowid, title, body, scope, title_plain, body_plain, topic_id) "
                   "SELECT c.doc_id, c.title, c.body, 'net' || t.network_id, c.title_plain, c.body_plain, "
                   "c.topic_id FROM forum_search_copy c JOIN topic t ON t.id = c.topic_id")
    else:
        op.execute("INSERT INTO forum_search (rowid, title, body, title_plain, body_plain, topic_id) "
                   "SELECT doc_id, title, body, title_plain, body_plain, topic_id FROM forum_search_copy")
    op.execute("DROP TABLE forum_search_copy")


def upgrade():
    op.create_index("ix_topic_category_kind_hidden", "topic", ["category_id", "kind", "hidden", "last_post_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE forum_search ADD COLUMN network_id INTEGER")
        op.execute("UPDATE forum_search fs SET network_id = t.network_id FROM topic t WHERE t.id = fs.topic_id")
        op.execute("ALTER TABLE forum_search ALTER COLUMN network_id SET NOT NULL")
        op.execute("CREATE INDEX ix_forum_search_network_doc ON forum_search (network_id, doc_id)")
    else:
        _rebuild_sqlite(scoped=True)


def downgrade():
    op.drop_index("ix_topic_category_kind_hidden", table_name="topic")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_forum_search_network_doc")
        op.execute("ALTER TABLE forum_search DROP COLUMN network_id")
    else:
        _rebuild_sqlite(scoped=False)
