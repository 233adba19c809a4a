"""Issue 7 item 4 on PostgreSQL: the app's role may only INSERT and SELECT the access log."""
import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from caseweb.db_roles import app_role_sql, grant_app_role

PG_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL", "")
ROLE = os.environ.get("CASEWEB_TEST_APP_ROLE") or "caseweb_test_app"

pytestmark = pytest.mark.skipif(not PG_URL.startswith("postgresql"), reason="PostgreSQL roles")


@pytest.fixture(scope="module")
def as_app_role(_app):
    """A connection factory for the restricted role (created and granted by the owner)."""
    owner = create_engine(PG_URL)
    with owner.begin() as conn:
        conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
                          f"THEN CREATE ROLE {ROLE} LOGIN; END IF; END $$"))
        grant_app_role(conn, ROLE)
    owner.dispose()
    engine = create_engine(make_url(PG_URL).set(username=ROLE, password=None))
    yield engine
    engine.dispose()


def _run(engine, sql):
    with engine.connect() as conn:
        try:
            return conn.execute(text(sql)).fetchall() if sql.lstrip().upper().startswith("SELECT") else \
                conn.execute(text(sql))
        finally:
            conn.rollback()


def test_app_role_adds_and_reads_the_access_log(as_app_role):
    with as_app_role.connect() as conn:
        conn.execute(text("INSERT INTO access_logs (at, action) VALUES (now(), 'role_test')"))
        assert conn.execute(text("SELECT count(*) FROM access_logs WHERE action = 'role_test'")).scalar() == 1
        conn.rollback()


@pytest.mark.parametrize("sql", [
    "UPDATE access_logs SET action = 'x'",
    "DELETE FROM access_logs",
    "TRUNCATE access_logs",
    "ALTER TABLE access_logs DISABLE TRIGGER access_logs_no_change",
    "DROP TRIGGER access_logs_no_change ON access_logs",
    "DROP TABLE access_logs",
])
def test_app_role_cannot_rewrite_the_access_log(as_app_role, sql):
    with pytest.raises(DBAPIError, match="permission denied|must be owner"):
        _run(as_app_role, sql)


def test_app_role_still_writes_case_data(as_app_role):
    with as_app_role.connect() as conn:
        conn.execute(text("UPDATE organizations SET name = name WHERE false"))
        conn.execute(text("DELETE FROM user_sessions WHERE false"))
        conn.rollback()


def test_grant_sql_names_only_insert_and_select_for_the_log():
    sql = app_role_sql("caseweb_app")
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON access_logs FROM caseweb_app" in sql
    with pytest.raises(ValueError):
        app_role_sql("x; DROP TABLE users")
