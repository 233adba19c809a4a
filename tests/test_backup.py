"""`flask backup` while the app holds data: the copy opens and has every row."""
import os
import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from caseweb import create_app
from caseweb.extensions import db
from caseweb.models import Organization, User

from .factories import Factory

PG_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL")


def _app_with_data(tmp_path, url):
    """A separate app on its own database, with committed organisations and users."""
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "b",
                      "RATELIMIT_ENABLED": False, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        make = Factory()
        for i in range(3):
            org = make.org(name=f"백업동{i} 행정복지센터")
            for j in range(4):
                make.user(org=org, username=f"backup-{i}-{j}")
        db.session.commit()
        expected = {
            "organizations": set(db.session.scalars(select(Organization.name))),
            "users": set(db.session.scalars(select(User.username))),
        }
    return app, expected


def _dispose(app):
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_sqlite_backup_while_running(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    app, expected = _app_with_data(tmp_path, url)
    # Another process is half-way through a write: the copy must be consistent
    # and hold only what was committed.
    writer = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO organizations (name, kind, sector, active, rrn_allowed, created_at) "
                   "VALUES ('커밋 안 된 기관', 'dong_office', 'public', 1, 0, CURRENT_TIMESTAMP)")
    target = tmp_path / "copy" / "caseweb.backup"
    try:
        result = app.test_cli_runner().invoke(args=["backup", "--to", str(target)])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orgs = {row[0] for row in copy.execute("SELECT name FROM organizations")}
        users = {row[0] for row in copy.execute("SELECT username FROM users")}
    finally:
        copy.close()
    assert orgs == expected["organizations"]
    assert users == expected["users"]
    _dispose(app)


def test_backup_default_location(tmp_path):
    app, _ = _app_with_data(tmp_path, f"sqlite:///{tmp_path / 'live.sqlite3'}")
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    backups = list((tmp_path / "instance-backups").glob("caseweb-*.backup"))  # apart from the RRN key
    assert len(backups) == 1 and backups[0].stat().st_size > 0
    _dispose(app)


def _conninfo(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


@pytest.mark.skipif(not PG_URL, reason="CASEWEB_TEST_DATABASE_URL not set")
@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="pg_dump not on PATH")
def test_postgresql_backup_restores_every_row(tmp_path):
    import psycopg
    source_db, restore_db = "caseweb_backup_src", "caseweb_backup_restore"
    admin = _conninfo(PG_URL, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in (source_db, restore_db):
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    try:
        source_url = make_url(PG_URL).set(database=source_db).render_as_string(hide_password=False)
        app, expected = _app_with_data(tmp_path, source_url)
        target = tmp_path / "caseweb.dump"
        result = app.test_cli_runner().invoke(args=["backup", "--to", str(target)])
        assert result.exit_code == 0, result.output
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

        url = make_url(PG_URL)
        env = dict(os.environ, PGPASSWORD=url.password) if url.password else None
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--host", url.host or "localhost",
                        "--port", str(url.port or 5432), "--username", url.username or "postgres",
                        "--dbname", restore_db, str(target)], check=True, env=env, timeout=120)
        with psycopg.connect(_conninfo(PG_URL, restore_db)) as conn:
            orgs = {r[0] for r in conn.execute("SELECT name FROM organizations")}
            users = {r[0] for r in conn.execute("SELECT username FROM users")}
            # The append-only rule travels with the backup.
            triggers = conn.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'access_logs_no_change'")
            assert triggers.fetchone()[0] == 1
        assert orgs == expected["organizations"]
        assert users == expected["users"]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in (source_db, restore_db):
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
