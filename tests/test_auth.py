"""Login, lockout, server-side sessions, timeouts, password policy, rate limit."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseweb import create_app
from caseweb.extensions import db
from caseweb.models import User, UserSession
from caseweb.timeutil import utcnow

from .conftest import AuthActions
from .factories import DEMO_PASSWORD

WRONG = "not-the-password-at-all"
NEW_PASSWORD = "a-new-long-passphrase-2026"


def _error(response) -> str:
    """The error shown under the password field."""
    match = re.search(r'<p class="error" id="password-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    assert match, "no error message shown"
    return match.group(1).strip()


def _live_sessions(user) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None))))


def test_login_ok(client, make, auth):
    make.user(username="alice")
    r = auth.login("alice")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_login_returns_to_the_page_asked_for(client, make):
    make.user(username="alice2")
    r = client.post("/login?next=/account/password", data={"username": "alice2", "password": DEMO_PASSWORD})
    assert r.headers["Location"] == "/account/password"


def test_login_does_not_redirect_offsite(client, make):
    make.user(username="alice3")
    r = client.post("/login?next=//evil.example/x", data={"username": "alice3", "password": DEMO_PASSWORD})
    assert r.headers["Location"] == "/"


def test_wrong_password_is_refused(client, make, auth):
    make.user(username="bob")
    r = auth.login("bob", WRONG)
    assert r.status_code == 422
    assert client.get("/").status_code == 302


def test_lockout_after_five_failures_refuses_even_the_right_password(client, make, auth):
    user = make.user(username="carol")
    for _ in range(5):
        assert auth.login("carol", WRONG).status_code == 422
    r = auth.login("carol")  # the right password, too late
    assert r.status_code == 422
    assert client.get("/").status_code == 302
    assert user.locked_until is not None


def test_unknown_user_gets_the_same_message(make, auth):
    make.user(username="dave")
    wrong_pw = _error(auth.login("dave", WRONG))
    unknown = _error(auth.login("nobody-here", WRONG))
    assert wrong_pw == unknown


def test_locked_account_gets_the_same_message(make, auth):
    make.user(username="erin")
    first = _error(auth.login("erin", WRONG))
    for _ in range(5):
        auth.login("erin", WRONG)
    assert _error(auth.login("erin")) == first


def test_admin_unlock_lets_them_in(app, make, auth, login):
    org = make.org()
    make.user(org=org, username="frank")
    admin = make.user(org=org, role="admin", username="frank-admin")
    for _ in range(5):
        auth.login("frank", WRONG)
    assert auth.login("frank").status_code == 422
    user = db.session.scalar(select(User).where(User.username == "frank"))
    r = login(admin).post(f"/admin/users/{user.id}/unlock")
    assert r.status_code in (302, 204)
    assert auth.login("frank").status_code == 302


def test_lock_expires(make, auth):
    user = make.user(username="grace")
    for _ in range(5):
        auth.login("grace", WRONG)
    assert auth.login("grace").status_code == 422
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert auth.login("grace").status_code == 302


def test_logout_makes_the_old_cookie_useless(app, client, make, auth):
    make.user(username="heidi")
    auth.login("heidi")
    assert client.get("/").status_code == 200
    stolen = client.get_cookie("caseweb_session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("caseweb_session", stolen, domain="localhost")
    r = thief.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make, login):
    user = make.user(username="ivan")
    here, elsewhere = login(user), login(user)
    assert elsewhere.get("/").status_code == 200
    r = here.post("/account/password", data={"current": DEMO_PASSWORD, "new": NEW_PASSWORD,
                                            "confirm": NEW_PASSWORD})
    assert r.status_code == 302
    assert here.get("/").status_code == 200
    r = elsewhere.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert len(_live_sessions(user)) == 1


def test_password_change_needs_the_current_password(make, login):
    user = make.user(username="ivan2")
    c = login(user)
    r = c.post("/account/password", data={"current": WRONG, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert r.status_code == 422
    assert AuthActions(c).logout().status_code == 302
    assert AuthActions(c).login("ivan2").status_code == 302  # the old password still works


def test_idle_timeout(make, login):
    user = make.user(username="judy")
    c = login(user)
    assert c.get("/").status_code == 200
    (row,) = _live_sessions(user)
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    r = c.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_active_user_is_not_timed_out(make, login):
    user = make.user(username="judy2")
    c = login(user)
    (row,) = _live_sessions(user)
    row.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert c.get("/").status_code == 200


def test_absolute_timeout(make, login):
    user = make.user(username="ken")
    c = login(user)
    (row,) = _live_sessions(user)
    row.created_at = utcnow() - timedelta(hours=12, minutes=1)
    row.last_seen_at = utcnow()
    db.session.commit()
    r = c.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def _sid(client):
    with client.session_transaction() as sess:
        return sess.get("sid")


def test_new_session_id_at_every_login(client, make, auth):
    make.user(username="leo")
    with client.session_transaction() as sess:
        sess["sid"] = "planted-by-an-attacker"
    auth.login("leo")
    first = _sid(client)
    assert first and first != "planted-by-an-attacker"
    auth.logout()
    auth.login("leo")
    assert _sid(client) not in (None, first)


@pytest.mark.parametrize("new, accepted", [
    ("short-pw-11", False),             # 11 characters
    ("x" * 129, False),                 # longer than 128
    ("password1234", False),            # on the common-passwords list
    ("qwertyuiop123", False),           # common, too
    ("Ab3$" * 32, True),                # exactly 128
    ("exactly-12ch", True),             # exactly 12
])
def test_password_policy(make, login, new, accepted):
    user = make.user(username="mallory")
    c = login(user)
    r = c.post("/account/password", data={"current": DEMO_PASSWORD, "new": new, "confirm": new})
    assert (r.status_code == 302) is accepted, r.status_code
    if not accepted:
        assert 'id="new-error"' in r.get_data(as_text=True)


def test_password_containing_the_username_is_refused(make, login):
    user = make.user(username="niaj-long")
    c = login(user)
    new = "my-niaj-long-password"
    r = c.post("/account/password", data={"current": DEMO_PASSWORD, "new": new, "confirm": new})
    assert r.status_code == 422


def test_passwords_are_stored_as_argon2_hashes(make, login):
    user = make.user(username="olivia")
    c = login(user)
    c.post("/account/password", data={"current": DEMO_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in user.password_hash


def test_login_rate_limit(tmp_path, app, make, auth):
    limited = create_app({
        "TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "rate", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rate.sqlite3'}",
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "3 per minute",
    })
    with limited.app_context():
        db.create_all()
    c = limited.test_client()
    codes = [c.post("/login", data={"username": "x", "password": WRONG}).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    assert c.get("/login").status_code == 200  # only POSTs are limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()
    # The suite's own app keeps its limits off although another app switched them on.
    make.user(username="peggy")
    assert all(auth.login("nobody", WRONG).status_code == 422 for _ in range(4))


def test_deactivated_organisation_ends_sessions_and_refuses_login(app, make, login):
    admin = make.user(make.org(kind="district"), "admin")
    org = make.org()
    worker = make.user(org, "worker")
    session_client = login(worker)
    assert session_client.get("/").status_code == 200
    r = login(admin).post(f"/admin/organizations/{org.id}/active", data={"active": "0"})
    assert r.status_code in (302, 303, 200), r.status_code
    assert org.active is False
    assert session_client.get("/").status_code == 302  # the open session ended
    r = AuthActions(app.test_client()).login(worker.username)
    assert r.status_code == 422  # refused, with the one message for every failure
