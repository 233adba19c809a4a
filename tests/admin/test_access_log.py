"""The access log: filters in KST days, read-only, and reading it is logged."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from caseweb.extensions import db
from caseweb.models import AccessLog

from ..conftest import is_full_page


def _row(user, action, at, **kw):
    row = AccessLog(user_id=user.id, org_id=user.org_id, action=action, at=at, ip="10.0.0.7", **kw)
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture()
def rows(make):
    org = make.org(name="다온동 행정복지센터")
    kim = make.user(org, username="kimsw", name="김복지")
    lee = make.user(org, username="leesw", name="이복지")
    utc = timezone.utc
    _row(kim, "household_view", datetime(2025, 3, 9, 15, 30, tzinfo=utc), household_id=4242, reason="r-early")
    _row(kim, "case_view", datetime(2025, 3, 10, 14, 59, tzinfo=utc), household_id=4242, case_id=77,
         reason="r-late")
    _row(lee, "household_view", datetime(2025, 3, 10, 15, 0, tzinfo=utc), household_id=5151, reason="r-next")
    return kim, lee


def test_filters_by_kst_day_range(rows, admin_client):
    html = admin_client.get("/admin/access-log?day_from=2025-03-10&day_to=2025-03-10").get_data(as_text=True)
    assert "r-early" in html and "r-late" in html and "r-next" not in html
    assert "2025-03-10 00:30:00" in html  # shown in Korean time


def test_filters_by_user_action_and_household(rows, admin_client):
    html = admin_client.get("/admin/access-log?user=leesw").get_data(as_text=True)
    assert "r-next" in html and "r-early" not in html
    html = admin_client.get("/admin/access-log?action=case_view").get_data(as_text=True)
    assert "r-late" in html and "r-early" not in html and "r-next" not in html
    html = admin_client.get("/admin/access-log?household=4242").get_data(as_text=True)
    assert "r-early" in html and "r-late" in html and "r-next" not in html
    assert "다온동 행정복지센터" in html and "10.0.0.7" in html


def test_newest_first(rows, admin_client):
    html = admin_client.get("/admin/access-log?user=kimsw").get_data(as_text=True)
    assert html.index("r-late") < html.index("r-early")


def test_reversed_day_range_is_an_error_not_a_guess(rows, admin_client):
    r = admin_client.get("/admin/access-log?day_from=2025-03-11&day_to=2025-03-10")
    html = r.get_data(as_text=True)
    assert "종료일" in html and "r-early" in html and "r-next" in html


def test_viewing_the_log_is_itself_logged(admin, rows, admin_client):
    admin_client.get("/admin/access-log?household=4242")
    row = db.session.scalar(select(AccessLog).where(AccessLog.action == "access_log_view"))
    assert row.user_id == admin.id and "household=4242" in row.reason


def test_htmx_filter_returns_only_the_list(rows, admin_client):
    r = admin_client.get("/admin/access-log?user=leesw", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert not is_full_page(html) and html.lstrip().startswith('<div id="log-list">') and "r-next" in html


def test_the_log_cannot_be_rewritten(rows):
    with pytest.raises(DatabaseError):
        with db.session.begin_nested():
            db.session.execute(text("DELETE FROM access_logs"))
