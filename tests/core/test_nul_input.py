"""NUL characters in input: nobody types them, PostgreSQL refuses them. They are
dropped from query and form values and from any text before it is stored."""

from weltoffen.forum.models import ForumCategory


def test_nul_in_form_and_query_values_is_dropped(app, client):
    with app.test_request_context("/?q=a%00b", method="POST", data={"name": "x\x00y"}):
        from flask import request

        assert request.args["q"] == "ab"
        assert request.form["name"] == "xy"


def test_login_with_a_nul_answers_normally(client):
    r = client.post("/auth/login", data={"email": "a\x00@example.org", "password": "x\x00y"})
    assert r.status_code in (200, 400, 422)


def test_text_with_a_nul_is_stored_without_it(db, make):
    network = make.network()
    category = ForumCategory(network_id=network.id, title="Ti\x00tel", description="a\x00b")
    db.session.add(category)
    db.session.flush()
    db.session.expire(category)
    assert (category.title, category.description) == ("Titel", "ab")
