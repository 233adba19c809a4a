"""Issue 10: reads never wait for a writer, writers queue instead of failing, every acknowledged write stays.

A separate app on a real database (a SQLite file; a scratch PostgreSQL database when
the suite runs there), eight users in threads for a few seconds: case list, case page
and note adds on cases four of them share. No 5xx, no "database is locked", no 409,
every acknowledged note stored exactly once, the access log's chain intact.
"""
import os
import threading
import time

import pytest
from sqlalchemy.engine import make_url

from bench.load import PASSWORD, seed
from caseweb import audit_chain, create_app
from caseweb.extensions import db
from caseweb.models import AccessLog, Note

PG_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL", "")
SCRATCH_DB = "caseweb_concurrency"
USERS, SECONDS = 8, 4.0


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    if not PG_URL.startswith("postgresql"):
        pytest.skip("CASEWEB_TEST_DATABASE_URL not set")
    import psycopg
    admin = make_url(PG_URL).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        yield make_url(PG_URL).set(database=SCRATCH_DB).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


def _user_loop(client, username, case_id, deadline, results, acked, lock):
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            if n % 3 == 1:  # the first request of each user writes
                body = f"note {username} {n}"
                r = client.post(f"/cases/{case_id}/notes", data={"kind": "phone", "body": body,
                                                                  "contact_on": time.strftime("%Y-%m-%d")})
                if r.status_code in (200, 302):
                    with lock:
                        acked.append(body)
            else:
                r = client.get("/cases/" if n % 2 else f"/cases/{case_id}")
            status = r.status_code
        except Exception as exc:  # noqa: BLE001 (a lock error must be counted, not end the thread)
            status = repr(exc)
        with lock:
            results.append(status)


def test_concurrent_reads_and_writes_fail_nothing_and_lose_nothing(url, tmp_path, _app):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "c",
                      "RRN_KEY": "44" * 32, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    people = seed(app, USERS)
    results, acked, lock = [], [], threading.Lock()
    clients = []
    for username, _case in people:  # one after another: a login flood is issue 7 item 7's test
        clients.append(app.test_client())
        assert clients[-1].post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_user_loop, args=(cl, u, c, deadline, results, acked, lock))
               for cl, (u, c) in zip(clients, people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        try:
            bodies = db.session.scalars(db.select(Note.body).where(Note.body.like("note %"))).all()
            checked, broken = audit_chain.verify(db.session)
            logged = db.session.scalar(db.select(db.func.count()).select_from(AccessLog))
        finally:
            db.session.remove()
            db.engine.dispose()
    failures = [s for s in results if not isinstance(s, int) or s >= 400]
    assert not failures, failures[:5]
    assert len(acked) >= USERS and len(results) > USERS  # every user wrote, and read too
    assert sorted(bodies) == sorted(acked)  # each acknowledged note once, nothing unacknowledged
    assert broken is None and checked == logged >= len(results)
