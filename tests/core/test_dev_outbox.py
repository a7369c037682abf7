"""Without a mail server, in demo and development mode, every mail is printed in full
to the terminal and kept in the outbox that admins see; in production it is logged as
not sent – never silently dropped."""

import logging
from pathlib import Path

from weltoffen import create_app
from weltoffen.platform import mail


def test_demo_mode_without_a_mail_server_keeps_an_outbox(tmp_path, monkeypatch):
    monkeypatch.setenv("WELTOFFEN_DEMO", "1")
    monkeypatch.setenv("WELTOFFEN_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.delenv("WELTOFFEN_MAIL_SERVER", raising=False)
    app = create_app()
    assert app.config["MAIL_OUTBOX"] == str(Path(app.instance_path) / "outbox")


def test_mails_are_printed_and_kept_and_admins_read_them(app, client, login, make, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "outbox"
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(folder))
    with app.test_request_context():
        mail.send("neu@example.org", "Einladung zu weltoffen", "Hallo,\nhier ist Ihr Link: https://x.test/a/1")
    printed = capsys.readouterr().err
    assert "e-mail to neu@example.org" in printed and "https://x.test/a/1" in printed
    assert [p.suffix for p in folder.iterdir()] == [".eml"] and oct(folder.stat().st_mode)[-3:] == "700"
    admin = make.user(network_role="admin")
    login(admin)
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and "Einladung zu weltoffen" in page.text and "https://x.test/a/1" in page.text
    assert "/admin/outbox" in client.get("/admin/").text
    login(make.user(network_role="coordinator"))
    assert client.get("/admin/outbox").status_code == 403


def test_production_without_a_mail_server_logs_that_nothing_was_sent(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", "")
    with app.test_request_context(), caplog.at_level(logging.WARNING, logger="weltoffen.platform.mail"):
        mail.send("neu@example.org", "Betreff", "Text")
    assert "not sent" in caplog.text and "neu@example.org" in caplog.text
