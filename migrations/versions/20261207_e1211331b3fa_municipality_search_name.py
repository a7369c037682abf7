"""municipality search name: the name normalised for the search by name when
municipalities are added to a named peer group (network/name_search.py), filled in
for the existing rows, with an index (network_id, search_name)

Revision ID: e1211331b3fa
Revises: d4ba4a53ef95
Create Date: 2026-12-07 16:05:39.418676

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1211331b3fa'
down_revision = 'd4ba4a53ef95'
branch_labels = None
depends_on = None

# A copy of weltoffen/network/names.normalise as it was when this ran (a migration
# never imports the application, whose code moves on).
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _normalise(text):
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()[:320]


def upgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.String(length=320), server_default='', nullable=False))
        batch_op.create_index('ix_municipality_network_search', ['network_id', 'search_name'], unique=False)

    municipality = sa.table('municipality', sa.column('id', sa.Integer), sa.column('name', sa.String),
                            sa.column('search_name', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(municipality.c.id, municipality.c.name)).all()
    if rows:
        connection.execute(
            municipality.update().where(municipality.c.id == sa.bindparam('row_id'))
            .values(search_name=sa.bindparam('value')),
            [{'row_id': id_, 'value': _normalise(name)} for id_, name in rows],
        )


def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_index('ix_municipality_network_search')
        batch_op.drop_column('search_name')
