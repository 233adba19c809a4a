"""A separate app on its own database that commits for real (threads, servers, CLI runs).

SQLite: a file under tmp_path. PostgreSQL (when CASEWEB_TEST_DATABASE_URL names one): a
scratch database next to the suite's, created and dropped here.
"""
import os
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from caseweb import create_app
from caseweb.extensions import db

PG_URL = os.environ.get("CASEWEB_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL.startswith("postgresql"), reason="CASEWEB_TEST_DATABASE_URL is not PostgreSQL"))]


def _pg_admin(sql: str) -> None:
    import psycopg
    url = make_url(PG_URL)
    with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def scratch_app(tmp_path, backend: str, name: str, **config):
    """An app with empty tables on a database of its own; dropped afterwards."""
    if backend == "postgresql":
        dbname = f"{make_url(PG_URL).database}_{name}"
        _pg_admin(f'DROP DATABASE IF EXISTS "{dbname}"')
        _pg_admin(f'CREATE DATABASE "{dbname}"')
        url = make_url(PG_URL).set(database=dbname).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    settings = {"TESTING": True, "INSTANCE_PATH": str(tmp_path / f"instance-{name}"), "SECRET_KEY": name,
                "RRN_KEY": "22" * 32, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": url}
    settings.update(config)
    app = create_app(settings)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if backend == "postgresql":
            _pg_admin(f'DROP DATABASE IF EXISTS "{dbname}"')


@contextmanager
def serving(app):
    """The app behind a real threaded HTTP server on a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
