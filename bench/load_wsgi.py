"""The app for the mixed-load benchmark: wsgi.py's app, plus - only when
WELTOFFEN_BENCH_COUNT_SQL is set - a count of the SQL statements each request sent,
in the response header X-Bench-SQL-Statements. Bench-only: the app itself has no such
hook. Served as `gunicorn --chdir <repo> bench.load_wsgi:app` (bench/ is a namespace
package from the repository root).

The count is kept per process: gunicorn's sync workers answer one request at a time.
It starts when the request reaches the app and ends when the response starts, so it
holds the user loader, the view, the commit and the template; statements of the
teardown (none but a rollback of an already committed session) are not in it. The
listener costs one Python call per statement (about a microsecond)."""

import os

from sqlalchemy import event

from wsgi import app

HEADER = "X-Bench-SQL-Statements"

if os.environ.get("WELTOFFEN_BENCH_COUNT_SQL"):
    from weltoffen.extensions import db

    _count = [0]

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _counted(conn, cursor, statement, parameters, context, executemany):
        _count[0] += 1

    def _counting(wsgi_app):
        def wrapped(environ, start_response):
            _count[0] = 0

            def start(status, headers, exc_info=None):
                headers.append((HEADER, str(_count[0])))
                return start_response(status, headers, exc_info)

            return wsgi_app(environ, start)

        return wrapped

    app.wsgi_app = _counting(app.wsgi_app)
