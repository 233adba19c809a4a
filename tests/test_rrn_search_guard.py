"""An RRN typed into a search box is refused, pointed to the duplicate check, and never logged."""
import logging
import urllib.request

import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog

from .factories import DEMO_PASSWORD, Factory
from .scratch import scratch_app, serving

DIGITS = "8503022234568"
TYPED = ["850302-2234568", "8503022234568", "850302 2234568"]
SEARCHES = [  # (role, path, parameter)
    ("worker", "/cases/", "q"),
    ("worker", "/households/", "q"),
    ("admin", "/admin/access-log", "user"),
    ("admin", "/admin/users", "q"),
    ("admin", "/admin/organizations", "q"),
]


def _all_logged_text() -> str:
    rows = db.session.scalars(select(AccessLog)).all()
    return " ".join(f"{r.action} {r.target} {r.reason}" for r in rows)


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("role,path,param", SEARCHES)
def test_rrn_in_a_search_box_is_refused_with_a_pointer_to_the_duplicate_check(make, login, role, path, param,
                                                                              typed):
    c = login(make.user(make.org(kind="district" if role == "admin" else "dong_office"), role))
    r = c.get(path, query_string={param: typed, "page": "1"})
    assert r.status_code == 303
    assert r.headers["Location"] == f"{path}?page=1"  # the other parameters stay
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "주민등록번호" in html and "중복 확인" in html
    assert typed not in html and DIGITS not in html
    logged = _all_logged_text()
    assert DIGITS not in logged and DIGITS[:6] + "-" + DIGITS[6:] not in logged and "2234568" not in logged


def test_htmx_search_gets_a_full_page_redirect(make, login):
    c = login(make.user(make.org()))
    r = c.get("/cases/", query_string={"q": TYPED[0]}, headers={"HX-Request": "true"})
    assert r.status_code == 204 and r.headers["HX-Redirect"] == "/cases/"


def test_ordinary_searches_still_work(make, login):
    org = make.org()
    make.household(org, head_name="검색될사람")
    c = login(make.user(org))
    for q in ("검색될사람", "010-1234-5678", "H-T000001", "19850302"):
        assert c.get("/households/", query_string={"q": q}).status_code == 200, q


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def test_the_server_log_never_shows_the_number(tmp_path):
    server_log = logging.getLogger("werkzeug")
    collect, level = _Collect(), server_log.level
    server_log.addHandler(collect)
    server_log.setLevel(logging.INFO)
    try:
        _search_through_a_real_server(tmp_path)
    finally:
        server_log.removeHandler(collect)
        server_log.setLevel(level)
    logged = "\n".join(collect.lines)
    assert "/cases/?q=" in logged  # the requests were logged ...
    assert DIGITS not in logged and "2234568" not in logged  # ... without the number


def _search_through_a_real_server(tmp_path):
    with scratch_app(tmp_path, "sqlite", "rrnlog") as app, serving(app) as base:
        with app.app_context():
            Factory().user(username="searcher")
            db.session.commit()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opener.open(base + "/login", b"username=searcher&password=" + DEMO_PASSWORD.encode(), timeout=30)
        for typed in TYPED:
            with opener.open(base + "/cases/?q=" + typed.replace(" ", "+"), timeout=30) as response:
                assert response.status == 200 and response.url.endswith("/cases/")
