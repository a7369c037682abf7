"""`flask dialogue …`: the group; commands live beside their services
(reminders.py, budget_cli.py) and are imported by dialogue.register()."""

from flask.cli import AppGroup

dialogue_cli = AppGroup("dialogue", help="Dialogue with citizens: reminders, imports, citizens' assemblies by lot.")
