"""The result chart's phone drawing (`chart.svg?size=narrow`, charts/sizes.py): served
beside the default one and cached per size, embedded with <picture> on the result
page; an unknown size is refused before anything is drawn or cached."""

import re

from tests.support.chart_samples import assert_desktop_sized, assert_phone_sized
from weltoffen.selfcheck import export_views


def test_narrow_result_chart(client, login, submitted):
    w = submitted
    login(w.member)
    url = f"/selfcheck/submissions/{w.sub.id}/chart.svg"
    default, narrow = client.get(url), client.get(url, query_string={"size": "narrow"})
    assert default.status_code == narrow.status_code == 200 and narrow.mimetype == "image/svg+xml"
    assert_desktop_sized(default.data)
    assert_phone_sized(narrow.data)
    assert "Management und Steuerung" in narrow.text and "Beteiligung und Dialog" in narrow.text
    assert narrow.get_etag() != default.get_etag()
    assert narrow.headers["Cache-Control"] == "private, max-age=3600"
    assert narrow.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_an_unknown_size_is_refused_and_not_cached(client, login, submitted):
    w = submitted
    login(w.member)
    before = export_views._svg.cache_info()
    for bad in ("wide", "", "NARROW"):
        r = client.get(f"/selfcheck/submissions/{w.sub.id}/chart.svg", query_string={"size": bad})
        assert r.status_code == 400, bad
    after = export_views._svg.cache_info()
    assert (after.currsize, after.misses, after.hits) == (before.currsize, before.misses, before.hits)


def test_the_result_page_offers_the_narrow_drawing(client, login, submitted):
    w = submitted
    login(w.member)
    html = client.get(f"/selfcheck/submissions/{w.sub.id}/result").text
    picture = re.search(r"<picture>(.*?)</picture>", html, re.S).group(1)
    narrow = re.search(r'<source media="\(max-width: 40em\)" srcset="([^"]+)">', picture).group(1)
    img = re.search(r'<img src="([^"]+)" alt="([^"]+)" width="800">', picture)
    assert narrow.replace("&amp;", "&") == img.group(1).replace("&amp;", "&") + "&size=narrow"
    assert "Tabelle" in img.group(2) or "table" in img.group(2)
    assert_phone_sized(client.get(narrow.replace("&amp;", "&")).data)
