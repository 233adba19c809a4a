"""Database, WAL, backups and generated keys are 0600; backups live apart from the RRN key."""
import os
import stat
from pathlib import Path

import pytest

from caseweb import create_app
from caseweb.extensions import db

from .factories import Factory


@pytest.fixture()
def loose_umask():
    """The usual 022 umask, under which plain open() makes world-readable files."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_keys_and_backups_are_private(tmp_path, monkeypatch, loose_umask):
    monkeypatch.delenv("CASEWEB_SECRET_KEY", raising=False)
    monkeypatch.delenv("CASEWEB_RRN_KEY", raising=False)
    monkeypatch.delenv("CASEWEB_BACKUP_FOLDER", raising=False)
    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": False})
    try:
        with app.app_context():
            db.create_all()
            Factory().org(name="권한동 행정복지센터")
            db.session.commit()
            database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
            files = [database, database.with_name(database.name + "-wal"), instance / "secret_key",
                     instance / "rrn_key"]
            for path in files:
                assert path.exists() and _mode(path) == 0o600, (path.name, oct(_mode(path)))
            result = app.test_cli_runner().invoke(args=["backup"])
            assert result.exit_code == 0, result.output
        backups = list(Path(app.config["BACKUP_FOLDER"]).glob("caseweb-*.backup"))
        assert len(backups) == 1 and _mode(backups[0]) == 0o600
        assert _mode(backups[0].parent) == 0o700
        # Not in the folder that holds the RRN key (nor below it).
        assert instance.resolve() not in backups[0].resolve().parents
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_existing_world_readable_database_is_tightened(tmp_path, loose_umask):
    database = tmp_path / "old.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "k", "RRN_KEY": "33" * 32,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_ENABLED": False})
    assert _mode(database) == 0o600
