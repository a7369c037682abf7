import pyotp

from weltoffen.auth.passwords import verify_password

from ..support.factories import PASSWORD


def test_update_profile_and_language(client, make, login):
    user = login(make.user())
    r = client.post(
        "/auth/account",
        data={"form": "profile", "profile-name": "Neuer Name", "profile-language": "en"},
    )
    assert r.status_code == 302
    assert user.name == "Neuer Name" and user.language == "en"
    assert 'lang="en"' in client.get("/auth/account").text


def test_change_password_ends_other_sessions(app, client, make, login):
    user = login(make.user())
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.session_token
    assert other.get("/auth/account").status_code == 200
    r = client.post(
        "/auth/account",
        data={
            "form": "password",
            "password-current_password": PASSWORD,
            "password-password": "ein neues passwort",
            "password-confirm": "ein neues passwort",
        },
    )
    assert r.status_code == 302
    assert verify_password(user.password_hash, "ein neues passwort")
    assert client.get("/auth/account").status_code == 200  # this session goes on
    assert other.get("/auth/account").status_code == 302  # the other one ended


def test_change_password_needs_current_password(client, make, login):
    user = login(make.user())
    r = client.post(
        "/auth/account",
        data={
            "form": "password",
            "password-current_password": "falsch",
            "password-password": "ein neues passwort",
            "password-confirm": "ein neues passwort",
        },
    )
    assert r.status_code == 200
    assert verify_password(user.password_hash, PASSWORD)


def test_new_recovery_codes_need_current_code(client, make, login):
    secret = pyotp.random_base32()
    login(make.user(network_role="admin", totp_secret=secret))
    assert client.post("/auth/account/recovery-codes", data={"code": "000000"}).status_code == 302
    r = client.post("/auth/account/recovery-codes", data={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 200 and r.text.count("<li>") >= 10


def test_required_second_factor_cannot_be_switched_off(client, make, login):
    secret = pyotp.random_base32()
    user = login(make.user(network_role="admin", totp_secret=secret))
    client.post("/auth/account/second-factor/disable", data={"code": pyotp.TOTP(secret).now()})
    assert user.has_second_factor


def test_optional_second_factor_can_be_switched_off(client, make, login):
    secret = pyotp.random_base32()
    user = login(make.user(totp_secret=secret))
    client.post("/auth/account/second-factor/disable", data={"code": pyotp.TOTP(secret).now()})
    assert not user.has_second_factor
