"""Attachments: checked by size and content, stored outside static/ with their
SHA-256, uploaded with the post, served only to those who see the post with safe
headers."""

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from tests.forum.test_discussions_services import forum
from weltoffen.forum.discussions import attachments, limits, services
from weltoffen.forum.models import Attachment, Post

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


class Upload:
    def __init__(self, data: bytes, filename: str):
        self._stream = io.BytesIO(data)
        self.filename = filename

    def read(self, n=-1):
        return self._stream.read(n)

    def seek(self, n):
        self._stream.seek(n)


@pytest.fixture
def f(make, db, monkeypatch):
    monkeypatch.setattr(limits, "check_post", lambda *args, **kwargs: None)
    w = forum(make, db)
    w.topic = services.start_topic(w.anna, w.category, "Bilder", "Hier")
    return w


@pytest.mark.parametrize("fmt,content_type", [
    ("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp"),
])
def test_real_images_are_accepted(app, fmt, content_type):
    with app.test_request_context():
        checked = attachments.check(Upload(image_bytes(fmt), "../../etc/Foto vom Fest.bin"))
    assert checked.content_type == content_type
    assert checked.filename == f"Foto vom Fest.{attachments.TYPES[content_type][1]}"


@pytest.mark.parametrize("data,name", [
    (b"<html><script>alert(1)</script></html>", "bild.png"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
    (b"\x89PNG\r\n\x1a\n<html>not really a png</html>", "fake.png"),
    (b"GIF89a<script>alert(1)</script>", "fake.gif"),
    (b"%PDF-1.4 truncated", "kaputt.pdf"),
    (b"", "leer.png"),
])
def test_disguised_or_broken_files_are_refused(app, data, name):
    with app.test_request_context(), pytest.raises(attachments.AttachmentRejected) as refused:
        attachments.check(Upload(data, name))
    assert name in refused.value.message


def test_size_limit(app):
    app.config["FORUM_ATTACHMENT_MAX_BYTES"] = 50
    try:
        with app.test_request_context(), pytest.raises(attachments.AttachmentRejected, match="MB"):
            attachments.check(Upload(PDF + b"x" * 60 + b"%%EOF", "gross.pdf"))
    finally:
        app.config["FORUM_ATTACHMENT_MAX_BYTES"] = 5 * 1024 * 1024


def test_store_outside_static_with_sha256(f, app, db):
    with app.test_request_context():
        post = services.reply(f.ben, f.topic, "Mit Anhang", attachments=[Upload(PDF, "Plan.pdf")])
    item = post.attachments[0]
    assert item.sha256 == hashlib.sha256(PDF).hexdigest() and item.size == len(PDF)
    assert item.content_type == "application/pdf" and item.filename == "Plan.pdf"
    with app.app_context():
        path = attachments.path_of(item)
    assert path.read_bytes() == PDF
    assert Path(app.static_folder) not in path.parents and item.storage_name in str(path)


def test_upload_with_the_reply_and_serve_with_safe_headers(f, client, login, db, make):
    login(f.ben)
    png = image_bytes()
    r = client.post(
        f"/forum/topics/{f.topic.id}/reply",
        data={"body": "Zwei Anhänge", "files": [(io.BytesIO(png), "bild.png"), (io.BytesIO(PDF), "Ablauf plan.pdf")]},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    post = db.session.query(Post).filter_by(body="Zwei Anhänge").one()
    image, pdf = post.attachments
    page = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    assert f'src="/forum/attachments/{image.id}/bild.png"' in page and "Ablauf plan.pdf" in page
    r = client.get(f"/forum/attachments/{image.id}/bild.png")
    assert r.status_code == 200 and r.data == png
    assert r.headers["Content-Type"] == "image/png"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert r.headers["Content-Disposition"].startswith("inline")
    assert r.headers["Cache-Control"].startswith("private")
    r = client.get(f"/forum/attachments/{pdf.id}")
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment") and "Ablauf" in r.headers["Content-Disposition"]
    login(make.user(municipality=make.municipality(), role="member"))  # another network
    assert client.get(f"/forum/attachments/{image.id}").status_code == 403


def test_a_disguised_upload_refuses_the_whole_post(f, client, login, db):
    login(f.ben)
    r = client.post(
        f"/forum/topics/{f.topic.id}/reply",
        data={"body": "Text bleibt", "files": [(io.BytesIO(b"<html>boo</html>"), "bild.png")]},
        content_type="multipart/form-data",
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "Text bleibt" in page and "bild.png" in page
    assert db.session.query(Attachment).count() == 0 and f.topic.reply_count == 0


def test_attachments_of_hidden_posts_stay_hidden(f, app, client, login, db):
    with app.test_request_context():
        post = services.reply(f.ben, f.topic, "Anhang", attachments=[Upload(PDF, "a.pdf")])
    post.hidden_reason = "moderator"
    db.session.flush()
    login(f.anna)
    assert client.get(f"/forum/attachments/{post.attachments[0].id}").status_code == 403
    login(f.ben)
    assert client.get(f"/forum/attachments/{post.attachments[0].id}").status_code == 200


def test_a_rolled_back_upload_leaves_no_file(app, db):
    """A failed request must not leave a file without its row (weltoffen/platform/storage/files.py)."""
    import io

    from weltoffen.forum.discussions import attachments
    from weltoffen.forum.models import Attachment

    class Upload(io.BytesIO):
        filename = "plan.pdf"

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    folder = attachments.folder()
    before = set(folder.iterdir())
    db.session.begin_nested()
    stored = attachments.store(Upload(pdf), None)
    path = attachments.path_of(stored)
    assert path.read_bytes() == pdf
    db.session.rollback()
    assert not path.exists()
    assert set(folder.iterdir()) == before
    assert db.session.query(Attachment).filter_by(storage_name=stored.storage_name).count() == 0
