"""The baseline for page latency: a minimal Flask app with one route that renders a
Jinja template of a 50-row table (no database, no session, no login). Served by its
own gunicorn with the same worker count as the app:

    gunicorn -w 4 --chdir bench minimal_app:app      # GET /table
"""

from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "minimal_templates"))

ROWS = [
    {"name": f"Gemeinde {i:02d}", "state": "Bayern", "scores": [(i * 7 + d * 13) % 101 for d in range(9)]}
    for i in range(50)
]


@app.route("/table")
def table():
    return render_template("table.html", rows=ROWS)


@app.route("/healthz")
def healthz():
    return "ok"
