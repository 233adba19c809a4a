"""자원 소식: newest first, by zone, on the dashboard; only writers post."""
from datetime import datetime, timedelta, timezone

from caseweb.extensions import db
from caseweb.models import ResourceNews

from ..conftest import is_full_page
from .helpers import make_resource


def _news(org, title, zone=None, minutes=0):
    item = ResourceNews(org_id=org.id, title=title, body="본문", zone_id=zone.id if zone else None,
                        created_at=datetime(2026, 12, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes))
    db.session.add(item)
    db.session.flush()
    return item


def test_board_is_newest_first_and_filters_by_zone(make, login):
    org = make.org()
    north, south = make.zone("북부"), make.zone("남부")
    _news(org, "라면 800봉 기탁", north, minutes=1)
    _news(org, "남부 김장 나눔", south, minutes=2)
    _news(org, "구 전체 난방비 지원", None, minutes=3)
    c = login(make.user(org))
    html = c.get("/resources/news").get_data(as_text=True)
    assert html.index("구 전체 난방비 지원") < html.index("남부 김장 나눔") < html.index("라면 800봉 기탁")
    north_only = c.get(f"/resources/news?zone={north.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert not is_full_page(north_only)
    assert "라면 800봉 기탁" in north_only and "구 전체 난방비 지원" in north_only and "남부 김장 나눔" not in north_only


def test_a_worker_posts_news_tied_to_an_entry(make, login):
    org = make.org()
    r = make_resource(org, "라면 나눔", remaining=800)
    c = login(make.user(org))
    bad = c.post("/resources/news/new", data={"title": "라면 기탁", "body": "800봉", "zone_id": "0",
                                              "resource_id": "999999"})
    assert bad.status_code == 422 and "그 번호의 자원이 없습니다" in bad.get_data(as_text=True)
    ok = c.post("/resources/news/new", data={"title": "라면 기탁", "body": "800봉", "zone_id": "0",
                                             "resource_id": str(r.id)})
    assert ok.status_code == 302
    html = c.get("/resources/news").get_data(as_text=True)
    assert "라면 기탁" in html and f"/resources/{r.id}" in html


def test_viewers_read_but_do_not_post(make, login):
    c = login(make.user(make.org(), role="viewer"))
    assert c.get("/resources/news").status_code == 200
    assert c.get("/resources/news/new").status_code == 403


def test_the_dashboard_shows_the_latest_few(make, login):
    org = make.org()
    for n in range(7):
        _news(org, f"소식 {n}번", minutes=n)
    html = login(make.user(org)).get("/").get_data(as_text=True)
    assert "소식 6번" in html and "소식 2번" in html and "소식 1번" not in html
