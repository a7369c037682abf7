"""password_reset.user_id nullable: a reset asked for an address without an active
account stores a row too (with no user, its token never sent), so both answers do
the same work (auth/services.py request_password_reset)

Revision ID: 9d4e2b6a1f03
Revises: 3f9a1c7e5b20
Create Date: 2026-12-03 13:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4e2b6a1f03'
down_revision = '3f9a1c7e5b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM password_reset WHERE user_id IS NULL")
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
