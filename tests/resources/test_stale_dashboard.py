"""내 업무 lists the organisation's own entries due for re-checking; 확인함 there is one POST."""
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import ResourceEdit

from ..conftest import is_full_page
from .helpers import make_resource

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)


def _entries(make):
    org, other = make.org(), make.org()
    old = NOW - timedelta(days=200)
    stale = make_resource(org, "오래된 반찬 나눔", assured_at=old)
    never = make_resource(org, "확인 안 한 목욕 지원", assured_at=None)
    make_resource(org, "새 자원", assured_at=NOW - timedelta(days=10))
    make_resource(org, "끝난 자원", assured_at=old, status="ended")
    make_resource(other, "다른 기관의 오래된 자원", assured_at=old)
    return org, stale, never


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_lists_only_our_stale_entries(make, login):
    org, stale, never = _entries(make)
    page = login(make.user(org)).get("/").get_data(as_text=True)
    assert "확인이 필요한 우리 기관 자원" in page
    assert page.index("확인 안 한 목욕 지원") < page.index("오래된 반찬 나눔")  # never checked first
    for absent in ("새 자원", "끝난 자원", "다른 기관의 오래된 자원"):
        assert absent not in page
    assert f'hx-post="/resources/{stale.id}/assure"' in page
    # A viewer cannot re-check, so the list is not offered; a fresh organisation sees nothing.
    assert "확인이 필요한 우리 기관 자원" not in login(make.user(org, role="viewer")).get("/").get_data(as_text=True)
    assert "확인이 필요한 우리 기관 자원" not in login(make.user(make.org())).get("/").get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_the_months_are_configurable(make, login, app):
    org, _stale, _never = _entries(make)
    app.config["RESOURCE_STALE_MONTHS"] = 12
    try:
        page = login(make.user(org)).get("/").get_data(as_text=True)
    finally:
        app.config["RESOURCE_STALE_MONTHS"] = 6
    assert "오래된 반찬 나눔" not in page and "확인 안 한 목욕 지원" in page


@time_machine.travel(NOW, tick=False)
def test_one_click_re_check_from_the_list(make, login):
    org, stale, _never = _entries(make)
    c = login(make.user(org))
    r = c.post(f"/resources/{stale.id}/assure",
               headers={"HX-Request": "true", "HX-Target": f"stale-resource-{stale.id}"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert f'id="stale-resource-{stale.id}"' in html and "오늘 확인함" in html and "<form" not in html
    db.session.refresh(stale)
    assert stale.assured_at == NOW
    assert db.session.scalar(select(ResourceEdit.action).where(ResourceEdit.resource_id == stale.id)) == "assured"
    assert "오래된 반찬 나눔" not in c.get("/").get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_another_organisation_cannot_re_check(make, login):
    _org, stale, _never = _entries(make)
    r = login(make.user(make.org())).post(f"/resources/{stale.id}/assure",
                                          headers={"HX-Request": "true", "HX-Target": f"stale-resource-{stale.id}"})
    assert r.status_code == 403
    db.session.refresh(stale)
    assert stale.assured_at < NOW - timedelta(days=100)


def test_re_checking_is_a_post_only(make, login):
    org, stale, _never = _entries(make)
    assert login(make.user(org)).get(f"/resources/{stale.id}/assure").status_code == 405
