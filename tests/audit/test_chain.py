"""Issue 7 item 4: the access log is tamper-evident (hash chain, `flask audit verify`) and REPLACE cannot rewrite it."""
import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from caseweb import audit_chain
from caseweb.extensions import db
from caseweb.models import AccessLog


def _rows_via_requests(make, login, n_reads=3):
    org = make.org()
    user = make.user(org)
    household = make.household(org)
    case = make.case(org, household, manager=user)
    client = login(user)
    for _ in range(n_reads):
        assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get("/cases/").status_code == 200
    ids = db.session.scalars(db.select(AccessLog.id).order_by(AccessLog.id)).all()
    assert len(ids) >= n_reads + 2  # login + reads + list
    return ids


def _verify_cli(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _lift_guards():
    """What someone with the database file or the owner role can do: drop the triggers."""
    if os.environ.get("CASEWEB_TEST_APP_ROLE"):
        pytest.skip("the app's role cannot lift the guards (tests/audit/test_pg_roles.py)")
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("DROP TRIGGER access_logs_no_update"))
        db.session.execute(text("DROP TRIGGER access_logs_no_delete"))
    else:
        db.session.execute(text("ALTER TABLE access_logs DISABLE TRIGGER access_logs_no_change"))


def test_every_row_links_to_the_one_before(app, make, login):
    ids = _rows_via_requests(make, login)
    checked, bad = audit_chain.verify(db.session)
    assert bad is None and checked == len(ids)
    result = _verify_cli(app)
    assert result.exit_code == 0, result.output
    assert f"{len(ids)} rows" in result.output


def test_verify_names_a_changed_row(app, make, login):
    ids = _rows_via_requests(make, login)
    victim = ids[2]
    _lift_guards()
    db.session.execute(text("UPDATE access_logs SET action = 'case_list' WHERE id = :id"), {"id": victim})
    db.session.expire_all()
    assert audit_chain.verify(db.session)[1].id == victim
    result = _verify_cli(app)
    assert result.exit_code == 1
    assert f"row id {victim}" in result.output


def test_verify_names_the_row_after_a_removed_one(app, make, login):
    ids = _rows_via_requests(make, login)
    _lift_guards()
    db.session.execute(text("DELETE FROM access_logs WHERE id = :id"), {"id": ids[1]})
    db.session.expire_all()
    assert audit_chain.verify(db.session)[1].id == ids[2]


def test_a_row_with_a_recomputed_but_unkeyed_hash_is_caught(app, make, login):
    """Whoever rewrites a row must also forge its link, which needs the key."""
    import hashlib
    ids = _rows_via_requests(make, login)
    _lift_guards()
    row = db.session.get(AccessLog, ids[1])
    previous = db.session.get(AccessLog, ids[0]).chain
    row.reason = "rewritten"
    forged = hashlib.sha256(previous.encode() + b"\n" + audit_chain.canonical(row)).hexdigest()
    db.session.execute(text("UPDATE access_logs SET reason = 'rewritten', chain = :c WHERE id = :id"),
                       {"c": forged, "id": ids[1]})
    db.session.expire_all()
    assert audit_chain.verify(db.session)[1].id == ids[1]


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE INTO", "REPLACE INTO"])
@pytest.mark.parametrize("second_wall", [True, False])
def test_replace_cannot_rewrite_a_row_on_sqlite(app, make, login, verb, second_wall):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("REPLACE is SQLite syntax")
    ids = _rows_via_requests(make, login, n_reads=1)
    if not second_wall:  # recursive_triggers alone makes REPLACE's delete fire the delete guard
        db.session.execute(text("DROP TRIGGER access_logs_no_replace"))
    before = db.session.get(AccessLog, ids[0]).action
    with pytest.raises(DatabaseError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(text(f"{verb} access_logs (id, at, action) VALUES (:id, '2026-01-01', 'forged')"),
                               {"id": ids[0]})
    db.session.expire_all()
    assert db.session.get(AccessLog, ids[0]).action == before


def test_update_and_delete_are_refused(app, make, login):
    ids = _rows_via_requests(make, login, n_reads=1)
    for sql in ("UPDATE access_logs SET action = 'x' WHERE id = :id", "DELETE FROM access_logs WHERE id = :id"):
        # The trigger, or (as the restricted PostgreSQL role) the missing privilege.
        with pytest.raises(DatabaseError, match="append-only|permission denied"):
            with db.session.begin_nested():
                db.session.execute(text(sql), {"id": ids[0]})
