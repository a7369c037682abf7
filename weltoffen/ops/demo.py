"""`flask demo`: the demo network with one account per role. Idempotent; later
domains add their demo data here."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create or refresh the demo network, municipalities and accounts."""
    from ..auth.demo import load_accounts
    from ..dialogue.demo import load as load_dialogue
    from ..forum.demo import load as load_forum
    from ..incidents.demo import load as load_incidents
    from ..incidents.demo_statistics import load as load_incident_statistics
    from ..network.demo import load_network
    from ..selfcheck.demo import load as load_selfchecks

    network = load_network()
    accounts = load_accounts(network)
    load_selfchecks(network)
    load_forum(network)
    load_incident_statistics(network)
    load_incidents(network)
    dialogue = load_dialogue(network)
    db.session.commit()
    password = current_app.config["DEMO_PASSWORD"]
    click.echo(f"Demo network “{network.name}” with {len(network.municipalities)} municipalities.")
    if dialogue.get("lottery"):
        lottery = dialogue["lottery"]
        click.echo(f"Citizens' assembly by lot (Iserlohn): register of {lottery['register']:,}, {lottery['invited']:,} "
                   f"invited, {lottery['registered']} registered, panel selected with {lottery['algorithm']} "
                   f"({lottery['selection']}), replacements {lottery.get('replacements', '-')}, "
                   f"{lottery.get('seconds', '-')} s")
    click.echo(f"Demo logins (password for all: {password}):")
    for account in accounts:
        line = f"  {account.role_label:<28} {account.email}"
        if account.totp_secret:
            line += f"   TOTP secret {account.totp_secret}"
        click.echo(line)
    click.echo(
        "Accounts with a TOTP secret need a code at login: add the secret to an authenticator "
        "app, or run: .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\""
    )
