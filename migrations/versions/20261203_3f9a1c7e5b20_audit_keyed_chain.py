"""audit log chained with a keyed MAC: one marker entry seals the SHA-256 chain written
so far (weltoffen/audit.py); needs the audit key (WELTOFFEN_AUDIT_KEY or the incident
key) in the environment of `flask db upgrade`

Revision ID: 3f9a1c7e5b20
Revises: be1fd2c16ac5
Create Date: 2026-12-03 13:45:00.000000

"""
import logging

from alembic import op

# revision identifiers, used by Alembic.
revision = '3f9a1c7e5b20'
down_revision = 'be1fd2c16ac5'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade():
    from weltoffen import audit

    sealed = audit.seal_legacy_chain(op.get_bind())
    if sealed:
        log.info("Audit log: %d entries before the keyed chain sealed by a marker entry", sealed)


def downgrade():
    # The marker entry stays (the log is append-only); older code reports the chain
    # broken at it, because its hash is a MAC.
    pass
