"""The comparison charts' phone drawing over HTTP (`?size=narrow`, charts/sizes.py):
served under the same content hash, cached per size, embedded with <picture>; an
unknown size is refused before anything is drawn."""

import re

import pytest

from tests.support.chart_samples import assert_desktop_sized, assert_phone_sized
from weltoffen import charts
from weltoffen.benchmark import chart_views


def _sub(round_, municipality):
    return next(s for s in round_.submissions if s.municipality_id == municipality.id)


@pytest.mark.parametrize("kind", ["radar", "distribution", "trend"])
def test_narrow_chart_is_served_under_the_same_content_hash(client, login, make, round_with_scores, kind):
    round_, _towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="member"))
    v = charts.content_hash(chart_views.build(kind, sub))
    url = f"/benchmark/submissions/{sub.id}/charts/{kind}.svg?v={v}"
    default, narrow = client.get(url), client.get(f"{url}&size=narrow")
    assert default.status_code == narrow.status_code == 200 and narrow.mimetype == "image/svg+xml"
    assert_desktop_sized(default.data)
    assert_phone_sized(narrow.data)
    assert narrow.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert narrow.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert narrow.get_etag() != default.get_etag()
    assert client.get(f"{url}&size=narrow", headers={"If-None-Match": f'"{narrow.get_etag()[0]}"'}).status_code == 304
    assert client.get(f"{url}&size=default").data == default.data


def test_an_unknown_size_is_refused_and_nothing_is_drawn(client, login, make, round_with_scores, monkeypatch):
    round_, _towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="lead"))
    drawn = []
    real = charts.svg
    monkeypatch.setattr(charts, "svg", lambda chart, size="default": drawn.append(size) or real(chart, size))
    cached = len(chart_views._SVGS)
    for bad in ("wide", "", "Narrow", "narrow,default"):
        r = client.get(f"/benchmark/submissions/{sub.id}/charts/radar.svg", query_string={"size": bad})
        assert r.status_code == 400, bad
    assert drawn == [] and len(chart_views._SVGS) == cached


def test_the_page_offers_the_narrow_drawing_to_narrow_screens(client, login, make, round_with_scores):
    round_, _towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="lead"))
    html = client.get(f"/benchmark/submissions/{sub.id}").text
    pictures = re.findall(r"<picture>(.*?)</picture>", html, re.S)
    assert len(pictures) == 2  # radar and distribution (one round: no trend chart)
    for picture in pictures:
        narrow = re.search(r'<source media="\(max-width: 40em\)" srcset="([^"]+)">', picture).group(1)
        src = re.search(r'<img src="([^"]+)" alt="([^"]+)" width="800">', picture)
        assert narrow.replace("&amp;", "&") == src.group(1) + "&size=narrow"
        assert "table" in src.group(2) or "Tabelle" in src.group(2)
        assert_phone_sized(client.get(narrow.replace("&amp;", "&")).data)
