import click
from flask.cli import AppGroup

from .. import audit
from ..extensions import db
from . import services
from .models import User
from .passwords import hash_password

auth_cli = AppGroup("auth", help="Account commands.")


@auth_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administration", show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform admin (or make an existing account admin)."""
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="password")
    user = services.get_user_by_email(email)
    if user is None:
        user = User(
            email=services.normalize_email(email), name=name, password_hash=hash_password(password)
        )
        db.session.add(user)
        db.session.flush()
    user.network_role = "admin"
    user.network_id = None
    audit.record("user.made_admin", obj=user, via="cli")
    db.session.commit()
    click.echo(f"{user.email} is a platform admin. A second factor is required at first login.")
