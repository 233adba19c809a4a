"""Fixtures as in the Flask tutorial: app, client, auth; factories make_org/make_user.

Each test runs inside one outer transaction that is rolled back afterwards, so
tests see each other's nothing. Set CASEWEB_TEST_DATABASE_URL to run against
PostgreSQL (postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from flask import g, request_started
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from flask_sqlalchemy.session import Session as FlaskSession

from caseweb import create_app, memo
from caseweb.extensions import SESSION_OPTIONS, db
from caseweb.i18n import compile_catalogs

from .factories import DEMO_PASSWORD, Factory

TEST_DB_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL")
# PostgreSQL only: run the app as this restricted role (INSERT and SELECT only on the
# access log, owner of nothing), as in production; the tables are made by the owner,
# i.e. the user of CASEWEB_TEST_DATABASE_URL. CI sets it for one PostgreSQL run.
TEST_APP_ROLE = os.environ.get("CASEWEB_TEST_APP_ROLE")
# CI runs the suite again with the clock set to awkward moments (month end, 29 February,
# 31 December in KST, the UTC/KST day boundary): CASEWEB_TEST_NOW=2028-02-29T03:00:00+00:00.
TEST_NOW = os.environ.get("CASEWEB_TEST_NOW")


def pytest_configure(config):
    if TEST_NOW:
        when = datetime.fromisoformat(TEST_NOW)
        if when.tzinfo is None:
            raise pytest.UsageError("CASEWEB_TEST_NOW needs a UTC offset, e.g. 2027-12-31T15:30:00+00:00")
        config._caseweb_clock = time_machine.travel(when, tick=True)
        config._caseweb_clock.start()


def pytest_report_header(config):
    if TEST_NOW:
        return f"caseweb: clock set to {TEST_NOW} (CASEWEB_TEST_NOW)"


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token on unsafe requests.

    Pass `csrf=False` to send none (to test that such requests are refused).
    """

    def open(self, *args, csrf=True, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method in ("POST", "PUT", "PATCH", "DELETE"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        app = self.application
        with self.session_transaction() as sess:
            raw = sess.get("csrf_token")
            if raw is None:
                raw = os.urandom(20).hex()
                sess["csrf_token"] = raw
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def _fresh_g(sender, **extra):
    """Start each test request with an empty `g`, as a real request would."""
    g.__dict__.clear()


@pytest.fixture(scope="session")
def _app():
    compile_catalogs()
    instance = tempfile.mkdtemp(prefix="caseweb-test-")
    url = TEST_DB_URL or f"sqlite:///{Path(instance) / 'test.sqlite3'}"
    owner_url, url = url, _restricted_url(url)
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": instance,
        "SECRET_KEY": "test-secret",
        "RRN_KEY": "11" * 32,
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    })
    app.test_client_class = CsrfClient
    # Test requests reuse the fixture's app context, so `g` (and Flask-Login's
    # cached g._login_user) would leak from one client's request into the next.
    request_started.connect(_fresh_g, app)
    with app.app_context():
        _create_tables(owner_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        _drop_tables(owner_url)


def _restricted_url(url: str) -> str:
    if not TEST_APP_ROLE:
        return url
    if not url.startswith("postgresql"):
        raise pytest.UsageError("CASEWEB_TEST_APP_ROLE needs CASEWEB_TEST_DATABASE_URL on PostgreSQL")
    from sqlalchemy.engine import make_url
    return make_url(url).set(username=TEST_APP_ROLE, password=None).render_as_string(hide_password=False)


def _create_tables(owner_url: str) -> None:
    if not TEST_APP_ROLE:
        db.drop_all()
        db.create_all()
        return
    from sqlalchemy import create_engine, text
    from caseweb.db_roles import grant_app_role
    owner = create_engine(owner_url)
    db.metadata.drop_all(owner)
    db.metadata.create_all(owner)
    with owner.begin() as conn:
        conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{TEST_APP_ROLE}') "
                          f"THEN CREATE ROLE {TEST_APP_ROLE} LOGIN; END IF; END $$"))
        grant_app_role(conn, TEST_APP_ROLE)
    owner.dispose()


def _drop_tables(owner_url: str) -> None:
    if not TEST_APP_ROLE:
        db.drop_all()
        return
    from sqlalchemy import create_engine
    owner = create_engine(owner_url)
    db.metadata.drop_all(owner)
    owner.dispose()


class _ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy's get_bind picks the engine and ignores `bind`; honour the test connection."""

    def get_bind(self, *args, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(*args, **kwargs)


@pytest.fixture()
def app(_app):
    """The app with a database session bound to a transaction rolled back at the end."""
    with _app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # SESSION_OPTIONS first: Flask-SQLAlchemy's init adds its own class_ to that dict.
        db.session = db._make_scoped_session({**SESSION_OPTIONS, "bind": connection,
                                              "join_transaction_mode": "create_savepoint",
                                              "class_": _ConnectionBoundSession})
        memo.forget()  # the rows behind remembered menus go with each test's transaction
        try:
            yield _app
        finally:
            memo.forget()
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def make(app):
    """Factory helpers: make.org(), make.user(org, role), make.household(org), make.case(...)."""
    return Factory()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username, password=DEMO_PASSWORD, **kwargs):
        return self._client.post("/login", data={"username": username, "password": password}, **kwargs)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture()
def auth(client):
    return AuthActions(client)


def login_as(app, user):
    """A fresh client logged in as `user` (several users in one test)."""
    c = app.test_client()
    r = AuthActions(c).login(user.username)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return c


@pytest.fixture()
def login(app):
    return lambda user: login_as(app, user)


def is_full_page(html: str) -> bool:
    return bool(re.search(r"<html[\s>]", html))
