"""notification advice: the person who asked is told in the app when the network
coordination answers their advice request (selfcheck/followup.py)

Revision ID: 5d2a7c91e0b4
Revises: 4bbd8ecd19a9
Create Date: 2026-12-07 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2a7c91e0b4'
down_revision = '4bbd8ecd19a9'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('mention', 'reply', 'practice', 'hidden', 'review', 'grant_end')"
NEW_KINDS = "kind IN ('mention', 'reply', 'practice', 'hidden', 'review', 'grant_end', 'advice')"


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('advice_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notification_advice_id_advice_request'), 'advice_request', ['advice_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_notification_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notification_kind'), sa.text(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'advice'")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notification_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notification_kind'), sa.text(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_notification_advice_id_advice_request'), type_='foreignkey')
        batch_op.drop_column('advice_id')
