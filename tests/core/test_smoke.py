def test_start_page_anonymous(client):
    r = client.get("/")
    assert r.status_code == 200
    assert 'lang="de"' in r.text


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "uploads": "ok"}
