"""measure owner and reminders: a measure names a team member as owner (owner_id;
the free text stays for a department) and remembers its due-date reminder

Revision ID: d4ba4a53ef95
Revises: 5d2a7c91e0b4
Create Date: 2026-12-07 15:59:53.475686

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4ba4a53ef95'
down_revision = '5d2a7c91e0b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_measure_owner_id_user'), 'user', ['owner_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_measure_owner_id_user'), type_='foreignkey')
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('owner_id')

