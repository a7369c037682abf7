"""A test client whose every request runs in its own application context, as in
production: its own `g` (so Flask-Login loads the user afresh) and its own database
session. The test's session is expired afterwards, so assertions read what the
request really committed. Like a WSGI server, it reads the whole body and then
closes the response (what is queued to run after the answer, e.g. mail.send_later,
runs then)."""

from flask.globals import _cv_app
from flask.testing import FlaskClient

from weltoffen.extensions import db


class IsolatedClient(FlaskClient):
    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
            if _cv_app.get(None) is not None:
                db.session.expire_all()
