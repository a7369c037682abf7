"""released figures: figure_release, release_status, release_scope (platform/releases.py)
replace the live peer_aggregate table; run `flask benchmark refresh` and
`flask incidents release` after the upgrade to take the first releases

Revision ID: c702c0eb63eb
Revises: 8835a50c5377
Create Date: 2026-12-03 08:38:09.299047

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c702c0eb63eb'
down_revision = '8835a50c5377'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('figure_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('k', sa.Integer(), nullable=False),
    sa.Column('shown', sa.Boolean(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=True),
    sa.Column('units', sa.LargeBinary(), nullable=False),
    sa.Column('snapshot', sa.Boolean(), nullable=False),
    sa.Column('sketch', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_release')),
    sa.UniqueConstraint('scope', 'subject', 'seq', name=op.f('uq_figure_release_scope_subject_seq'))
    )
    with op.batch_alter_table('figure_release', schema=None) as batch_op:
        batch_op.create_index('ix_figure_release_scope_n', ['scope', 'shown', 'n'], unique=False)

    op.create_table('release_scope',
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_release_scope'))
    )
    op.create_table('release_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('blocked_by', sa.String(length=40), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['release_id'], ['figure_release.id'], name=op.f('fk_release_status_release_id_figure_release'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_release_status')),
    sa.UniqueConstraint('scope', 'subject', name=op.f('uq_release_status_scope_subject'))
    )
    with op.batch_alter_table('peer_aggregate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_aggregate_lookup'))

    op.drop_table('peer_aggregate')


def downgrade():
    op.create_table('peer_aggregate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_key', sa.String(length=40), nullable=False),
    sa.Column('dimension_key', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('q1', sa.Double(), nullable=False),
    sa.Column('median', sa.Double(), nullable=False),
    sa.Column('q3', sa.Double(), nullable=False),
    sa.Column('mean', sa.Double(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_peer_aggregate_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_aggregate')),
    sa.UniqueConstraint('round_id', 'group_key', 'dimension_key', name=op.f('uq_peer_aggregate_round_id_group_key_dimension_key'))
    )
    with op.batch_alter_table('peer_aggregate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_aggregate_lookup'), ['round_id', 'group_key'], unique=False)

    op.drop_table('release_status')
    op.drop_table('release_scope')
    with op.batch_alter_table('figure_release', schema=None) as batch_op:
        batch_op.drop_index('ix_figure_release_scope_n')

    op.drop_table('figure_release')
