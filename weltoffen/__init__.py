"""weltoffen: a workspace for a network of open municipalities."""

import logging
import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Defaults
from .extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    from .platform.web import bounded

    bounded.init_app(app)  # the bounded <int:> converter, before any route is added
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("WELTOFFEN")
    if test_config:
        app.config.from_mapping(test_config)
    from .platform.db import setup as dbsetup

    dbsetup.private_folder(Path(app.instance_path))  # keys and the SQLite file live there

    _configure_secret_key(app)
    from .platform import session

    session.init_app(app)  # the signed cookie; public pages keep it off (platform/session.py)
    _configure_database(app)
    from .platform.web import logging_setup

    logging_setup.init_app(app)  # first, so every request has its id before other hooks run
    if app.config["SESSION_COOKIE_SECURE"] is None:
        relaxed = app.debug or app.testing or app.config["DEMO"]
        app.config["SESSION_COOKIE_SECURE"] = not relaxed
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if app.config["PROXY_COUNT"]:
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    htmx.init_app(app)
    limiter.init_app(app)

    from .platform.web import i18n, security

    i18n.init_app(app, babel)
    security.init_app(app)
    from .platform import mail

    mail.init_app(app)
    from .platform import jobs

    jobs.init_app(app)  # background jobs (Huey): `flask jobs worker`

    from . import auth, benchmark, dialogue, forum, home, incidents, network, selfcheck
    from .audit import cli as audit_cli
    from .ops.demo import demo_command
    from .platform import release_models  # noqa: F401 - the tables of the released figures
    from .platform.web import errors, faults, templating

    for domain in (home, auth, network, selfcheck, benchmark, forum, incidents, dialogue):
        domain.register(app)
    errors.init_app(app)
    templating.init_app(app)
    faults.init_app(app)  # test-only fault injection; off unless FAULT_DIR is set
    from . import ops

    ops.register(app)
    from .platform.storage.sweep import files_cli

    app.cli.add_command(audit_cli.audit_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(files_cli)
    return app


def _cli_help() -> bool:
    """The Flask CLI asked for help only (no command runs): the app is loaded just to
    list its commands."""
    if click.get_current_context(silent=True) is None:
        return False
    args = sys.argv[1:]
    return not [a for a in args if not a.startswith("-")] or any(a in ("--help", "-h") for a in args)


def _configure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if not (app.debug or app.testing or app.config["DEMO"]):
        if _cli_help():  # `flask --help`, `flask dialogue --help`: no session is ever signed
            app.config["SECRET_KEY"] = secrets.token_hex(32)
            return
        sys.exit(
            "weltoffen: WELTOFFEN_SECRET_KEY is not set; set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))') or use demo mode."
        )
    key_file = Path(app.instance_path) / "dev-secret-key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def _configure_database(app: Flask) -> None:
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL") or ""
    if not url:
        url = f"sqlite:///{Path(app.instance_path) / 'weltoffen.db'}"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
    else:
        # Liveness is checked by platform/db/postgres.py only when a connection has a reason
        # to be dead (instead of pool_pre_ping's SELECT 1 before every request).
        # A database host that does not answer fails a request (and /healthz) in seconds.
        options.setdefault("connect_args", {}).setdefault("connect_timeout", 5)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    from .platform.db import replica

    replica.configure(app)  # reads of some pages from a streaming replica, if configured

    from .platform.db import setup as dbsetup

    dbsetup.register_sqlite_pragmas()  # also: a new SQLite file is created with mode 0600
    from .platform.db import postgres as pgconnections

    pgconnections.register()
