"""forum handle version (the token the @handle cache of each process is keyed on)

The handles of a network's people were computed from all its people on every topic
page; weltoffen/forum/handle_cache.py keeps them per process until a write that can
change a handle replaces this token. Nothing to backfill: the first page after the
upgrade computes the handles from the people as before.

Revision ID: 8835a50c5377
Revises: 9c2f4e1b7d55
Create Date: 2026-11-21 12:30:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8835a50c5377'
down_revision = '9c2f4e1b7d55'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('handle_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handle_version'))
    )
    op.execute(sa.text(
        "INSERT INTO handle_version (id, token, changed_at) VALUES (1, :token, CURRENT_TIMESTAMP)"
    ).bindparams(token=secrets.token_hex(16)))


def downgrade():
    op.drop_table('handle_version')
