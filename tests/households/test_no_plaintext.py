"""The RRN never reaches the database file, the log or a URL in plain text."""
import logging
from pathlib import Path

import pytest

from caseweb import create_app
from caseweb.extensions import db

from ..conftest import CsrfClient, AuthActions
from ..factories import Factory
from .helpers import form_data, valid_rrn

RRN = valid_rrn("900101123456")  # 900101-1234568
DIGITS = RRN.replace("-", "")


@pytest.fixture()
def file_app(tmp_path):
    """A separate app on its own SQLite file, with real commits (no rolled-back transaction)."""
    app = create_app({
        "TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "file-test",
        "RRN_KEY": "33" * 32, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'plain.sqlite3'}",
        "RATELIMIT_ENABLED": False, "SERVER_NAME": "localhost", "SQLALCHEMY_ECHO": True,
    })
    app.test_client_class = CsrfClient
    with app.app_context():
        db.create_all()
        user = Factory().user(Factory().org(dong="명동"))
        db.session.commit()
        username = user.username
    yield app, username, tmp_path
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage() + repr(getattr(record, "args", "")))


def test_registration_stores_and_logs_no_plaintext_rrn(file_app):
    app, username, tmp_path = file_app
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    urls = []
    try:
        client = app.test_client()
        assert AuthActions(client).login(username).status_code == 302
        urls.append("/households/duplicates")
        client.post("/households/duplicates", data={"head_name": "김영희", "rrn": RRN},
                    headers={"HX-Request": "true"})
        urls.append("/households/new")
        r = client.post("/households/new", data=form_data(rrn=RRN, birth_date="", gender=""))
        assert r.status_code == 302
        urls.append(r.headers["Location"])
        page = client.get(r.headers["Location"]).get_data(as_text=True)
        assert "900101-1******" in page and RRN not in page and DIGITS not in page
        urls.append("/households/?q=김영희")
        client.get("/households/?q=김영희")
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)
    with app.app_context():
        db.session.remove()  # keep the connection open: the -wal file must still hold the pages
        db_bytes = b""
        for name in ("plain.sqlite3", "plain.sqlite3-wal"):
            path = Path(tmp_path) / name
            if path.exists():
                db_bytes += path.read_bytes()
    assert "김영희".encode() in db_bytes  # the scan does see what was written
    for secret in (DIGITS, RRN):
        assert secret.encode() not in db_bytes
        assert secret.encode("utf-16-le") not in db_bytes
        assert all(secret not in line for line in capture.lines)
        assert all(secret not in url for url in urls)
    assert capture.lines  # SQL echo and app logs were captured
