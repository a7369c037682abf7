"""The dossier shows screenshots and photos themselves (their previews, without the
original's metadata), lists other evidence with its checksum, and carries the same
document metadata and bookmarks as the self-check report."""

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from tests.incidents.evidence_support import EML, incident, jpeg_with_gps, png, upload
from weltoffen.incidents import evidence


@pytest.fixture
def built(app, client, make, db, login):
    network = make.network()
    m = make.municipality(network)
    official = make.user(municipality=m, role="official", language="en", name="Bürgermeister Yılmaz")
    login(official)
    with app.test_request_context():
        item = incident(db, official, network, form="threat", severity=2)
        shot = evidence.store(item, upload(png((400, 300), (30, 160, 60)), "screenshot.png"), official,
                              captured_at=datetime(2026, 9, 1, 21, 15))
        photo = evidence.store(item, upload(jpeg_with_gps((320, 240)), "foto.jpg"), official)
        mail = evidence.store(item, upload(EML, "drohung.eml"), official)
        db.session.commit()
    data = client.get(f"/incidents/{item.id}/dossier.pdf").data  # in the official's language, English
    return PdfReader(io.BytesIO(data)), data, (shot, photo, mail)


def _images(reader: PdfReader) -> list:
    return [image for page in reader.pages for image in page.images]


def test_images_are_shown_without_the_originals_metadata(built):
    reader, data, (shot, photo, mail) = built
    images = _images(reader)
    assert len(images) == 2  # the screenshot and the photo; the e-mail is no picture
    xobjects = [obj for page in reader.pages
                for obj in (page["/Resources"].get("/XObject") or {}).values()]
    assert sum(1 for obj in xobjects if obj.get_object()["/Subtype"] == "/Image") >= 2
    shown = sorted((i.image.size for i in images), key=lambda size: size[0])
    assert shown == [(240, 320), (400, 300)]  # the photo turned upright, as its preview
    for image in images:
        assert not image.image.getexif()  # no EXIF block in what the PDF holds
    for secret in (b"Phone X Secret", b"PhoneMaker", b"Exif"):
        assert secret not in data
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for item in (shot, photo, mail):
        assert item.sha256 in text  # each picture with its checksum below it; the e-mail listed
    assert "drohung.eml" in text and "Phone X Secret" not in text


def test_pictures_are_as_wide_as_the_text_or_shrink_to_stay_on_the_page(built):
    reader, _data, _items = built
    widths = []

    def visitor(op, args, cm, tm):
        if op == b"Do":
            widths.append(cm[0])  # the image's drawn width in points

    for page in reader.pages:
        page.extract_text(visitor_operand_before=visitor)
    text_width_pt = (210 - 40) / 25.4 * 72
    assert len(widths) == 2
    # The screenshot shrinks to stay below the heading; the photo fills a page's width.
    assert all(0.6 * text_width_pt - 1 < w < text_width_pt + 1 for w in widths)
    assert abs(max(widths) - text_width_pt) < 1
    assert len(reader.pages) == 5  # title, incident with the screenshot, photo, e-mail, provisions


def test_the_dossier_is_tagged_like_the_report(built):
    reader, _data, _items = built
    info = reader.metadata
    assert info["/Title"] == "Dossier on hostility against Bürgermeister Yılmaz"
    assert info["/Author"] == "Bürgermeister Yılmaz"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    titles = [entry.title for entry in _flat(reader.outline)]
    assert titles[0] == "Dossier on hostility against Bürgermeister Yılmaz"
    assert any(t.startswith("Incident 1:") for t in titles)
    assert {"Evidence", "Chronology", "Relevant legal provisions"} <= set(titles)
    fonts = {str(f) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()["/BaseFont"]]}
    assert any("FiraSans" in name for name in fonts)


def _flat(outline) -> list:
    out = []
    for entry in outline:
        out.extend(_flat(entry) if isinstance(entry, list) else [entry])
    return out
