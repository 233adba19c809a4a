"""Login hardening (issue 7): same work on every path, hash outside the write lock,
per-address and global login limits, trusted proxies."""
import sqlite3

import pytest
from sqlalchemy import select

from caseweb import security
from caseweb.extensions import db
from caseweb.models import AccessLog, UserSession

from .factories import DEMO_PASSWORD, Factory
from .scratch import scratch_app

WRONG = "not-the-password-at-all"


@pytest.fixture()
def hashes(monkeypatch):
    """Counts Argon2 verifications."""
    calls = []
    monkeypatch.setattr(security, "_hasher", _Spy(security._hasher, lambda stored, pw: calls.append(stored)))
    return calls


class _Spy:
    """The password hasher, calling `before` ahead of every verification."""

    def __init__(self, real, before):
        self._real, self._before = real, before

    def verify(self, stored, password):
        self._before(stored, password)
        return self._real.verify(stored, password)

    def __getattr__(self, name):
        return getattr(self._real, name)


def _login(auth, username, password):
    return auth.login(username, password).status_code


def test_every_login_path_runs_exactly_one_password_hash(make, auth, hashes):
    make.user(username="known")
    make.user(username="locked-out")
    make.user(username="gone", active=False)
    make.user(make.org(active=False), username="closed-org")
    for _ in range(5):
        _login(auth, "locked-out", WRONG)
    paths = {
        "unknown user": ("nobody-at-all", WRONG, 422),
        "wrong password": ("known", WRONG, 422),
        "locked account, right password": ("locked-out", DEMO_PASSWORD, 422),
        "locked account, wrong password": ("locked-out", WRONG, 422),
        "inactive account": ("gone", DEMO_PASSWORD, 422),
        "inactive organisation": ("closed-org", DEMO_PASSWORD, 422),
        "right password": ("known", DEMO_PASSWORD, 302),
    }
    for path, (username, password, status) in paths.items():
        hashes.clear()
        assert _login(auth, username, password) == status, path
        assert len(hashes) == 1, f"{path}: {len(hashes)} hash verifications"
        auth.logout()


@pytest.mark.parametrize("password", [WRONG, DEMO_PASSWORD])
@pytest.mark.parametrize("username", ["writer", "nobody-here"])
def test_the_password_hash_runs_while_the_database_is_free_for_writers(tmp_path, monkeypatch, username, password):
    """While the hash runs, another connection can take SQLite's write lock at once."""
    with scratch_app(tmp_path, "sqlite", "hashlock") as app:
        with app.app_context():
            Factory().user(username="writer")
            db.session.commit()
        path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        free = []

        def probe(stored, pw):
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                free.append(True)
            except sqlite3.OperationalError:
                free.append(False)
            finally:
                other.close()

        monkeypatch.setattr(security, "_hasher", _Spy(security._hasher, probe))
        app.test_client().post("/login", data={"username": username, "password": password})
        assert free == [True]


def _limited_app(tmp_path, name, per_address, everyone):
    return scratch_app(tmp_path, "sqlite", name, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                       LOGIN_RATE_LIMIT=per_address, LOGIN_GLOBAL_RATE_LIMIT=everyone)


def _bad_login(client, addr):
    return client.post("/login", data={"username": "x", "password": WRONG}, environ_base={"REMOTE_ADDR": addr})


def test_login_limit_per_client_address(tmp_path):
    with _limited_app(tmp_path, "per_address", "3 per minute", "100 per minute") as app:
        client = app.test_client()
        assert [_bad_login(client, "192.0.2.1").status_code for _ in range(4)] == [422, 422, 422, 429]
        assert _bad_login(client, "192.0.2.2").status_code == 422  # another address is not affected


def test_global_login_limit_across_addresses(tmp_path):
    """A flood from many addresses is capped as a whole, with a clear message."""
    with _limited_app(tmp_path, "everyone", "100 per minute", "5 per minute") as app:
        client = app.test_client()
        answers = [_bad_login(client, f"192.0.2.{i}") for i in range(1, 8)]
        assert [r.status_code for r in answers] == [422] * 5 + [429, 429]
        assert "잠시 후 다시 시도" in answers[-1].get_data(as_text=True)


def _proxied(client, forwarded_for, username=None, password=WRONG):
    return client.post("/login", data={"username": username or "x", "password": password},
                       environ_base={"REMOTE_ADDR": "10.0.0.1"}, headers={"X-Forwarded-For": forwarded_for})


@pytest.mark.parametrize("trusted,expected_ip", [(1, "203.0.113.7"), (0, "10.0.0.1")])
def test_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(tmp_path, trusted, expected_ip):
    with scratch_app(tmp_path, "sqlite", f"proxy{trusted}", TRUSTED_PROXIES=trusted, RATELIMIT_ENABLED=True,
                     RATELIMIT_STORAGE_URI="memory://", LOGIN_RATE_LIMIT="2 per minute") as app:
        with app.app_context():
            Factory().user(username="behind-proxy")
            db.session.commit()
        client = app.test_client()
        # A client-supplied first entry is never believed; the proxy's own entry is.
        assert _proxied(client, "198.51.100.9, 203.0.113.7", "behind-proxy", DEMO_PASSWORD).status_code == 302
        with app.app_context():
            assert db.session.scalar(select(AccessLog.ip).where(AccessLog.action == "login")) == expected_ip
            assert db.session.scalar(select(UserSession.ip)) == expected_ip
        other = app.test_client()
        codes_a = [_proxied(other, "203.0.113.7").status_code for _ in range(2)]
        codes_b = [_proxied(other, "203.0.113.8").status_code for _ in range(2)]
        assert codes_a == [422, 429]  # with the login above: 2 per minute
        if trusted:  # each user behind the proxy has a limit of their own
            assert codes_b == [422, 422]
        else:  # a forged header does not buy a fresh limit
            assert codes_b == [429, 429]
