"""내 업무: tiles and my tasks, overdue first, only my cases."""
from datetime import timedelta

from caseweb.cases.deadlines import recompute_due
from caseweb.dashboard import services
from caseweb.extensions import db
from caseweb.timeutil import seoul_today

from ..conftest import is_full_page

TODAY = seoul_today()


def _case(make, org, manager, head_name, **fields):
    case = make.case(org, household=make.household(org, head_name=head_name), manager=manager,
                     found_on=TODAY - timedelta(days=60), **fields)
    recompute_due(case)
    db.session.flush()
    return case


def test_dashboard_lists_overdue_before_upcoming(login, make):
    org = make.org()
    me = make.user(org, "worker")
    upcoming = _case(make, org, me, "이순자", status="intake", intake_on=TODAY - timedelta(days=7))   # due in 3 days
    overdue = _case(make, org, me, "박영철", status="intake", intake_on=TODAY - timedelta(days=15))   # 5 days late
    later = _case(make, org, me, "최미래", status="intake", intake_on=TODAY)                            # due in 10 days
    someone_else = _case(make, org, make.user(org), "정남의", status="intake", intake_on=TODAY - timedelta(days=20))
    page = login(me).get("/").get_data(as_text=True)
    assert "박영철" in page and "이순자" in page
    assert page.index("박영철") < page.index("이순자")       # overdue first
    assert "최미래" not in page and "정남의" not in page       # not due soon; not mine
    assert "기한 지남" in page or "Overdue" in page
    tasks, _ = services.my_tasks(me)
    assert [t.case.id for t in tasks] == [overdue.id, upcoming.id]
    assert later.id and someone_else.id


def test_tiles_count_my_work(app, make):
    org = make.org()
    me = make.user(org, "worker")
    _case(make, org, me, "가나다", status="intake", intake_on=TODAY - timedelta(days=15))
    _case(make, org, me, "라마바", status="service", kind="case_management", level="general",
          last_contact_on=TODAY - timedelta(days=3))
    _case(make, org, me, "사아자", status="completed")
    with app.test_request_context():
        tiles = services.case_tiles(me)
    counts = [t["count"] for t in tiles]
    assert counts == [1, 0, 2, 1]   # overdue, due within a week, active, awaiting assessment


def test_dashboard_fragment_and_page(login, make):
    org = make.org()
    me = make.user(org, "worker")
    c = login(me)
    assert is_full_page(c.get("/").get_data(as_text=True))
    frag = c.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert not is_full_page(frag) and 'id="my-tasks"' in frag


def test_other_providers_can_add_tiles(app, make, monkeypatch):
    from caseweb import tiles
    monkeypatch.setattr(tiles, "TILE_PROVIDERS", list(tiles.TILE_PROVIDERS))
    tiles.tile_provider(lambda user: [{"title": "새 의뢰", "count": 2, "url": "/", "tone": "warn"}])
    with app.test_request_context():
        titles = [t["title"] for t in services.tiles(make.user())]
    assert titles[-1] == "새 의뢰" and len(titles) >= 5  # case tiles come first
