"""INSERT … ON CONFLICT DO UPDATE for SQLite and PostgreSQL alike: one statement,
so two requests writing the same row at once cannot both insert."""

from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db


def upsert(model, values: dict, conflict_on: list[str], update: list[str]) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=conflict_on, set_={name: stmt.excluded[name] for name in update}
    )
    db.session.execute(stmt)
