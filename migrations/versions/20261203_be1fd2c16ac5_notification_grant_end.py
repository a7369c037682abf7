"""notification grant_end: the reporter is told in the app when a grant ended with
its trust person's role (incidents/grant_lapse.py)

Revision ID: be1fd2c16ac5
Revises: c702c0eb63eb
Create Date: 2026-12-03 12:39:03.829066

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'be1fd2c16ac5'
down_revision = 'c702c0eb63eb'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('mention', 'reply', 'practice', 'hidden', 'review')"
NEW_KINDS = "kind IN ('mention', 'reply', 'practice', 'hidden', 'review', 'grant_end')"


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grant_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notification_grant_id_incident_grant'), 'incident_grant', ['grant_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_notification_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notification_kind'), sa.text(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'grant_end'")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notification_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notification_kind'), sa.text(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f('fk_notification_grant_id_incident_grant'), type_='foreignkey')
        batch_op.drop_column('grant_id')
