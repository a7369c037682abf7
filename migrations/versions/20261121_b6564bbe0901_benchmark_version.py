"""benchmark version (the token the benchmark pages key their caches on); submission
index by round and status (participation counts)

Revision ID: b6564bbe0901
Revises: 7a515c18e4d1
Create Date: 2026-11-21 09:30:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6564bbe0901'
down_revision = '7a515c18e4d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('benchmark_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benchmark_version'))
    )
    op.execute(sa.text(
        "INSERT INTO benchmark_version (id, token, changed_at) VALUES (1, :token, CURRENT_TIMESTAMP)"
    ).bindparams(token=secrets.token_hex(16)))
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_round_status', ['round_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_round_status')

    op.drop_table('benchmark_version')
