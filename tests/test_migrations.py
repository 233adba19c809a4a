"""Alembic migrations: upgrade, downgrade, upgrade again; the result matches the models.

Migrations run in a subprocess (`flask db ...`), as an operator would run them,
on a database of their own: a fresh SQLite file, and, when
CASEWEB_TEST_DATABASE_URL is set, a scratch PostgreSQL database
`caseweb_migrations` next to the test database (never the test database itself).
"""
import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from caseweb.config import ROOT
from caseweb.extensions import db
import caseweb.models  # noqa: F401 (registers the tables on db.metadata)

PG_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL")
SCRATCH_DB = "caseweb_migrations"


def flask_db(url: str, instance, *args: str) -> None:
    env = dict(os.environ, CASEWEB_DATABASE_URL=url, CASEWEB_INSTANCE_PATH=str(instance),
               CASEWEB_RATELIMIT_ENABLED="0")
    env.pop("CASEWEB_TEST_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"flask db {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


def _admin_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database URL; PostgreSQL only when the suite runs against it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("CASEWEB_TEST_DATABASE_URL not set")
    import psycopg
    with psycopg.connect(_admin_conninfo(PG_URL), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        yield make_url(PG_URL).set(database=SCRATCH_DB).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_conninfo(PG_URL), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _schema_differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade(database_url, tmp_path):
    engine = create_engine(database_url)
    try:
        flask_db(database_url, tmp_path, "upgrade")
        assert set(db.metadata.tables) <= _tables(engine)
        flask_db(database_url, tmp_path, "downgrade", "base")
        engine.dispose()
        assert not (_tables(engine) & set(db.metadata.tables)), "downgrade left tables behind"
        flask_db(database_url, tmp_path, "upgrade")
        engine.dispose()
        assert set(db.metadata.tables) <= _tables(engine)
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url, tmp_path):
    flask_db(database_url, tmp_path, "upgrade")
    engine = create_engine(database_url)
    try:
        differences = _schema_differences(engine)
    finally:
        engine.dispose()
    assert differences == [], "models changed without a migration:\n" + "\n".join(map(str, differences))


def test_access_log_is_append_only_after_migration(database_url, tmp_path):
    flask_db(database_url, tmp_path, "upgrade")
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO access_logs (at, action) VALUES (CURRENT_TIMESTAMP, 'login')"))
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text("UPDATE access_logs SET action = 'rewritten'"))
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM access_logs"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM access_logs")).scalars().all() == ["login"]
    finally:
        engine.dispose()
