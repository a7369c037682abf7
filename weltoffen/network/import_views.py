"""Web import of municipalities: upload, preview with per-row errors, confirm."""

import secrets
from pathlib import Path

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, limiter
from ..platform.web.forms import choices
from . import bp, importer
from .forms import ImportForm
from .models import Network

SESSION_KEY = "municipality_import"


def _import_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _form() -> ImportForm:
    form = ImportForm()
    networks = db.session.scalars(select(Network).order_by(Network.name))
    form.network.choices = choices((n.id, n.name) for n in networks)
    return form


@bp.route("/admin/municipalities/import", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def admin_import():
    form = _form()
    if not form.network.choices:
        flash(_("Create a network first."), "info")
        return redirect(url_for("network.admin_networks"))
    if not form.validate_on_submit():
        return render_template("network/admin/import.html", form=form), 400 if form.errors else 200
    network = db.session.get(Network, form.network.data)
    data = form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
        form.file.errors.append(_("The file is larger than 2 MB."))
        return render_template("network/admin/import.html", form=form), 413
    result = importer.parse(data, network)
    if result.ok:
        token = secrets.token_hex(16)
        (_import_dir() / f"{token}.csv").write_bytes(data)
        session[SESSION_KEY] = {"token": token, "network": network.id}
    return render_template(
        "network/admin/import_preview.html", form=form, result=result, network=network
    ), 200 if result.ok else 422


@bp.route("/admin/municipalities/import/confirm", methods=["POST"])
def admin_import_confirm():
    pending = session.pop(SESSION_KEY, None)
    path = _import_dir() / f"{pending['token']}.csv" if pending else None
    network = db.session.get(Network, pending["network"]) if pending else None
    if path is None or not path.exists() or network is None:
        flash(_("The preview has expired. Please upload the file again."), "danger")
        return redirect(url_for("network.admin_import"))
    try:
        result = importer.parse(path.read_bytes(), network)  # check again: data may have changed
        if not result.ok:
            form = _form()
            return render_template(
                "network/admin/import_preview.html", form=form, result=result, network=network
            ), 422
        created, updated = importer.apply(result, network, current_user)
        db.session.commit()
    finally:
        path.unlink(missing_ok=True)
    flash(
        _(
            "Import done: %(created)d created, %(updated)d updated.",
            created=created,
            updated=updated,
        ),
        "success",
    )
    return redirect(url_for("network.admin_municipalities"))
