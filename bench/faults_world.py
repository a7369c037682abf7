"""The data and the clients of the fault scenarios (bench/faults.py, tests/ops/test_faults_*):
members autosaving one self-check (the autosave benchmark's fixture), a lead with a
second, fully answered self-check ready to submit, and an official with a draft
incident to upload evidence to; plus what is read back straight from the database and
the upload folder afterwards (lost answers, half-submitted self-checks, evidence rows
without their file, files without their row, temporary files).
"""

from __future__ import annotations

import http.client
import io
import os
import random
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyotp
import sqlalchemy as sa
from autosave_scenario import EMAIL, PASSWORD, QUESTIONNAIRE, Fixture, make_save
from common.databases import AppSettings, migrated_app
from common.http_client import REQUEST_TIMEOUT, Client, Response
from common.server import Server, gunicorn

LEAD_EMAIL = "lead@faults.weltoffen.de"
OFFICIAL_EMAIL = "official@faults.weltoffen.de"
FAULT_HEADER = "X-Weltoffen-Fault"  # weltoffen/platform/web/faults.py


@dataclass
class World:
    url: str
    fixture: Fixture  # the autosaving members' submission (bench/autosave_scenario.py)
    submit_id: int  # the lead's submission, every question answered
    incident_id: int
    totp_secret: str
    dimensions: int

    def submit_path(self) -> str:
        return f"/selfcheck/submissions/{self.submit_id}/submit"

    def evidence_path(self) -> str:
        return f"/incidents/{self.incident_id}/evidence/new"


def setup_world(url: str, members: int, settings: AppSettings) -> World:
    """Schema through the migrations, the data through the app's services."""
    from werkzeug.datastructures import MultiDict

    from weltoffen.auth import totp
    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db
    from weltoffen.incidents import services as incidents
    from weltoffen.network import services as network_services
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck import answers, services

    started = time.perf_counter()
    with migrated_app(url, settings):
        questionnaire, _created = services.load_questionnaire(QUESTIONNAIRE)
        network = network_services.create_network(None, "Fault-Netzwerk")
        towns = [network_services.save_municipality(
            None, Municipality(), network_id=network.id, ags=f"0599900{i}", name=f"Faultstadt {i}",
            state="05", kind="stadt", population=50_000 + i, foreign_born_share=12.0,
        ) for i in (1, 2)]
        password_hash = hash_password(PASSWORD)

        def person(email: str, name: str, town=None, role: str | None = None) -> User:
            user = User(email=email, name=name, password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            if town is not None:
                network_services.add_membership(None, user, town, role)
            return user

        coordinator = person("coordinator@faults.weltoffen.de", "Koordination")
        network_services.set_network_role(None, coordinator, "coordinator", network.id)
        today = date.today()
        round_ = services.open_round(coordinator, network, questionnaire, "Fault-Runde",
                                     today - timedelta(days=1), today + timedelta(days=30),
                                     [t.id for t in towns])
        users = [person(EMAIL.format(i), f"Mitglied {i:03d}", towns[0], "member") for i in range(members)]
        lead = person(LEAD_EMAIL, "Leitung", towns[1], "lead")
        by_town = {s.municipality_id: s for s in round_.submissions}
        to_submit = by_town[towns[1].id]
        definition = questionnaire.definition
        questions = [q for d in definition["dimensions"] for q in d["questions"]]
        rng = random.Random(7)
        for q in questions:  # every question answered by the only team member: ready to submit
            fields, expected = make_save(q, rng, "lead")
            while expected is None:
                fields, expected = make_save(q, rng, "lead")
            parsed = answers.save_answer(to_submit, lead, q, answers.raw_from_form(MultiDict(fields), q["key"]))
            assert parsed.error is None, parsed.error
        official = person(OFFICIAL_EMAIL, "Bürgermeisterin", towns[0], "official")
        secret = pyotp.random_base32()
        totp.store_secret(official, secret)
        db.session.flush()
        incident = incidents.new_draft(official)
        db.session.commit()
        fixture = Fixture(by_town[towns[0].id].id, definition["dimensions"][0]["key"], questions,
                          [(u.id, u.email) for u in users], 0.0)
        world = World(url, fixture, to_submit.id, incident.id, secret, len(definition["dimensions"]))
    fixture.setup_seconds = time.perf_counter() - started
    return world


# --- clients ------------------------------------------------------------------------------


def lead_client(port: int, world: World) -> tuple[Client, str]:
    client = Client(port)
    client.log_in(LEAD_EMAIL, PASSWORD)
    return client, client.csrf_token(f"/selfcheck/submissions/{world.submit_id}", "submission page")


def official_client(port: int, world: World) -> tuple[Client, str]:
    """Logged in with password and TOTP code; the CSRF token of the evidence form."""
    client = Client(port)
    token = client.csrf_token("/auth/login", "login page")
    client.request("POST", "/auth/login", form=[("csrf_token", token), ("email", OFFICIAL_EMAIL),
                                                ("password", PASSWORD)])
    token = client.csrf_token("/auth/login/code", "second factor page")
    status, headers, _b, _s = client.request(
        "POST", "/auth/login/code", form=[("csrf_token", token), ("code", pyotp.TOTP(world.totp_secret).now())])
    if status != 302 or "/auth/" in (headers.get("Location", "") if headers else ""):
        raise RuntimeError(f"official login: HTTP {status}")
    return client, client.csrf_token(world.evidence_path(), "evidence form")


def image(size: int = 64, seed: int = 0) -> bytes:
    """A PNG of random pixels (does not compress: about 3 * size * size bytes)."""
    from PIL import Image

    pixels = random.Random(seed).randbytes(size * size * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (size, size), pixels).save(out, "PNG")
    return out.getvalue()


def post_multipart(client: Client, path: str, fields: list[tuple[str, str]],
                   files: list[tuple[str, str, bytes]], headers: dict | None = None) -> Response:
    """POST multipart/form-data with the client's cookies; never raises (status 0)."""
    boundary = "----weltoffen" + secrets.token_hex(8)
    body = io.BytesIO()
    for name, value in fields:
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data in files:
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode())
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    send = {"Connection": "close", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()), **(headers or {})}
    started = time.perf_counter()
    conn = http.client.HTTPConnection(client.host, client.port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("POST", path, body=body.getvalue(), headers=send)
        response = conn.getresponse()
        data = response.read()
        return Response(response.status, response.msg, data, time.perf_counter() - started)
    except (OSError, http.client.HTTPException) as exc:
        return Response(0, None, repr(exc).encode(), time.perf_counter() - started)
    finally:
        conn.close()


def upload_evidence(client: Client, csrf: str, world: World, data: bytes, note: str,
                    fault: str | None = None) -> Response:
    headers = {FAULT_HEADER: fault} if fault else {}
    return post_multipart(client, world.evidence_path(),
                          [("csrf_token", csrf), ("rows", "1"), ("note-0", note)],
                          [("file-0", "beweis.png", data)], headers)


# --- reading back -------------------------------------------------------------------------


def submission_state(url: str, submission_id: int) -> dict:
    """Status, overall score and stored dimension scores of one submission."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            status, overall = conn.execute(sa.text(
                "SELECT status, overall_score FROM submission WHERE id = :id"), {"id": submission_id}).one()
            scores = conn.execute(sa.text(
                "SELECT count(*) FROM dimension_score WHERE submission_id = :id"), {"id": submission_id}).scalar()
    finally:
        engine.dispose()
    return {"status": status, "overall_score": overall, "scores": scores}


def half_submitted(state: dict, dimensions: int) -> bool:
    """A submission whose status and stored scores disagree."""
    if state["status"] == "submitted":
        return state["overall_score"] is None or state["scores"] != dimensions
    return state["overall_score"] is not None or state["scores"] != 0


def upload_audit(url: str, upload_root: Path) -> dict:
    """Evidence/attachment rows without their file, stored files without their row, and
    temporary files, in upload_root/{incidents,forum}."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            evidence = conn.execute(sa.text("SELECT storage_name, preview_name FROM evidence")).all()
            attachments = conn.execute(sa.text("SELECT storage_name FROM attachment")).scalars().all()
    finally:
        engine.dispose()
    wanted = {("incidents", n) for row in evidence for n in row if n}
    wanted |= {("forum", n) for n in attachments}
    present, temporary = set(), []
    for sub in ("incidents", "forum"):
        folder = upload_root / sub
        for name in (os.listdir(folder) if folder.is_dir() else []):
            (temporary.append(name) if name.endswith(".tmp") else present.add((sub, name)))
    return {"rows": len(evidence) + len(attachments), "files": len(present),
            "rows_without_file": len(wanted - present), "files_without_row": len(present - wanted),
            "temporary_files": len(temporary)}


# --- served ----------------------------------------------------------------------------


@dataclass
class Served:
    server: Server
    world: World
    env: dict[str, str]
    fault_dir: Path
    upload_root: Path
    workers: int

    @property
    def port(self) -> int:
        return self.server.port


@contextmanager
def served(url: str, tmp: Path, members: int, workers: int, upload_root: Path | None = None) -> Iterator[Served]:
    """The fault world in `url`, served by gunicorn with fault injection on; uploads in
    `upload_root` (default tmp/uploads)."""
    settings = AppSettings.generate()
    world = setup_in_subprocess(url, members, settings)
    fault_dir, upload_root = tmp / "faults", upload_root or tmp / "uploads"
    fault_dir.mkdir()
    upload_root.mkdir(exist_ok=True)
    env = {**settings.environment(url), "WELTOFFEN_FAULT_DIR": str(fault_dir),
           "WELTOFFEN_UPLOAD_FOLDER": str(upload_root)}
    with gunicorn(env, tmp / "gunicorn.log", workers=workers) as server:
        yield Served(server, world, env, fault_dir, upload_root, workers)



class TmpfsUnavailable(RuntimeError):
    """Mounting a tmpfs is not allowed here (not root, no CAP_SYS_ADMIN)."""


@contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "1m") mounted on a new folder below /tmp; unmounted and
    removed afterwards. TmpfsUnavailable where mounting is not allowed."""
    import subprocess
    import tempfile

    mountpoint = Path(tempfile.mkdtemp(prefix="weltoffen-tmpfs-"))
    command = ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint)]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603, S607 - fixed command
    if done.returncode:
        mountpoint.rmdir()
        raise TmpfsUnavailable(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)  # noqa: S603, S607 - fixed command
        mountpoint.rmdir()


def fill(folder: Path, leave: int) -> Path:
    """A file that takes all free space of `folder`'s file system but `leave` bytes."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    filler = folder / "filler.bin"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def world_from_json(text: str) -> World:
    import json

    data = json.loads(text)
    data["fixture"] = Fixture(**{**data["fixture"], "users": [tuple(u) for u in data["fixture"]["users"]]})
    return World(**data)


def setup_in_subprocess(url: str, members: int, settings: AppSettings) -> World:
    """setup_world() in a fresh interpreter: a process that already has an app (the test
    suite) keeps its extensions' state untouched."""
    import subprocess
    import sys

    from common import ROOT

    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(Path(__file__)), url, str(members), settings.secret_key, settings.incident_key],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("WELTOFFEN_")})
    if done.returncode:
        raise RuntimeError(f"setup failed: {done.stderr[-2000:]}")
    return world_from_json(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    import dataclasses
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    _url, _members, _secret, _key = sys.argv[1:5]
    print(json.dumps(dataclasses.asdict(setup_world(_url, int(_members), AppSettings(_secret, _key)))))
