"""`flask --help` and the help of every command group work without a secret key (the
app is loaded only to list commands); a command that runs still refuses without one,
in one clear line."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _flask(*args, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTOFFEN_")}
    env.update(FLASK_APP=str(ROOT / "wsgi.py"), WELTOFFEN_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    return subprocess.run([sys.executable, "-m", "flask", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)


def test_help_without_a_secret_key(tmp_path):
    top = _flask("--help", tmp_path=tmp_path)
    assert top.returncode == 0 and "dialogue" in top.stdout and "selfcheck" in top.stdout, top.stderr
    group = _flask("dialogue", "--help", tmp_path=tmp_path)
    assert group.returncode == 0 and "import-register" in group.stdout and "replace" in group.stdout
    command = _flask("dialogue", "select", "--help", tmp_path=tmp_path)
    assert command.returncode == 0 and "--seed" in command.stdout


def test_a_command_still_needs_the_key(tmp_path):
    run = _flask("dialogue", "purge", "--dry-run", tmp_path=tmp_path)
    assert run.returncode != 0 and "WELTOFFEN_SECRET_KEY is not set" in run.stderr
