"""Who sees which household: lists, the household page, the RRN reveal, access logs."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog

from .. import routes
from ..conftest import is_full_page
from .helpers import valid_rrn

RRN = valid_rrn("900101123456")


def test_every_household_route_is_404_for_another_organisation(app, make, login):
    owner = make.org()
    household = make.household(owner, rrn=RRN)
    c = login(make.user(make.org()))
    household_rules = routes.rules(app, "/households/", args=["household_id"])
    assert len(household_rules) >= 3
    for rule in household_rules:
        [url] = routes.urls(rule, {"household_id": household.id})
        for method in routes.methods(rule):
            r = c.open(url, method=method, data={"reason": "확인", "version": "1", "head_name": "x"})
            assert r.status_code == 404, (method, url)


def test_list_shows_only_own_and_case_visible_households(make, login):
    mine, other = make.org(), make.org()
    own = make.household(mine, head_name="김영희")
    foreign = make.household(other, head_name="김영수")
    shared = make.household(other, head_name="김영자")
    make.case(mine, shared)  # we lead a case of a household the other org registered
    html = login(make.user(mine)).get("/households/").get_data(as_text=True)
    assert own.head_name in html and shared.head_name in html and foreign.head_name not in html


@pytest.mark.parametrize("q", ["김영", "영희", "김영희", "김 영희"])
def test_search_by_two_syllables_or_full_name(make, login, q):
    org = make.org()
    make.household(org, head_name="김영희")
    make.household(org, head_name="박철수")
    make.household(make.org(), head_name="김영희")  # a namesake elsewhere stays hidden
    html = login(make.user(org)).get("/households/", query_string={"q": q}).get_data(as_text=True)
    assert html.count("김영희</a>") == 1 and "박철수" not in html


def test_search_by_household_number(make, login):
    org = make.org()
    target = make.household(org, head_name="최다은")
    make.household(org, head_name="한지민")
    html = login(make.user(org)).get("/households/", query_string={"q": target.number.lower()}).get_data(as_text=True)
    assert "최다은" in html and "한지민" not in html


def test_active_search_returns_the_list_fragment(make, login):
    org = make.org()
    make.household(org, head_name="김영희")
    c = login(make.user(org))
    r = c.get("/households/?q=영희", headers={"HX-Request": "true"})
    assert not is_full_page(r.get_data(as_text=True)) and "김영희" in r.get_data(as_text=True)
    assert "HX-Request" in r.headers["Vary"]
    assert is_full_page(c.get("/households/?q=영희").get_data(as_text=True))


def test_pagination_links_work_without_javascript(app, make, login):
    org = make.org()
    for i in range(app.config["PAGE_SIZE"] + 2):
        make.household(org, head_name=f"이순{i:02d}")
    c = login(make.user(org))
    first = c.get("/households/?q=이순").get_data(as_text=True)
    assert "page=2" in first and "q=" in first
    second = c.get("/households/?q=이순&page=2").get_data(as_text=True)
    assert "이순00" in second and "이순00" not in first


def test_household_page_shows_cases_and_hides_other_orgs_content(make, login):
    mine = make.org(name="중앙동 행정복지센터")
    other = make.org(name="구립정신건강복지센터", kind="public_program", programme="mental_health",
                     phone="02-333-4444")
    household = make.household(mine, rrn=RRN, address="중앙로 1")
    worker = make.user(mine, name="나담당")
    own_case = make.case(mine, household, manager=worker)
    hidden = make.case(other, household, manager=make.user(other, name="비밀담당"), programme="mental_health")
    c = login(make.user(mine))
    r = c.get(f"/households/{household.id}")
    html = r.get_data(as_text=True)
    assert "900101-1******" in html and RRN not in html and "중앙로 1" in html
    assert f"/cases/{own_case.id}" in html and "나담당" in html
    assert "구립정신건강복지센터" in html and "02-333-4444" in html
    assert "다른 기관에서 관리 중" in html or "Managed by another organisation" in html
    assert f"/cases/{hidden.id}" not in html and "비밀담당" not in html and hidden.number not in html
    rows = db.session.scalars(select(AccessLog).where(AccessLog.action == "household_view")).all()
    assert [r.household_id for r in rows] == [household.id]


def test_reveal_rrn_needs_a_reason_and_is_logged(make, login):
    org = make.org()
    household = make.household(org, rrn=RRN)
    c = login(make.user(org))
    r = c.post(f"/households/{household.id}/rrn", data={"reason": ""}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and RRN not in r.get_data(as_text=True)
    r = c.post(f"/households/{household.id}/rrn", data={"reason": "수급 신청 서류 확인"},
               headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and RRN in html and not is_full_page(html)
    assert "no-store" in r.headers.get("Cache-Control", "")
    page = c.post(f"/households/{household.id}/rrn", data={"reason": "재확인"})
    assert is_full_page(page.get_data(as_text=True)) and RRN in page.get_data(as_text=True)
    rows = db.session.scalars(select(AccessLog).where(AccessLog.action == "rrn_reveal")).all()
    assert [(r.household_id, r.reason) for r in rows] == [(household.id, "수급 신청 서류 확인"),
                                                          (household.id, "재확인")]


def test_reveal_is_refused_for_viewers_and_orgs_without_rrn_basis(make, login):
    org = make.org()
    household = make.household(org, rrn=RRN)
    assert login(make.user(org, role="viewer")).post(
        f"/households/{household.id}/rrn", data={"reason": "확인"}).status_code == 403
    org.rrn_allowed = False
    db.session.flush()
    r = login(make.user(org)).post(f"/households/{household.id}/rrn", data={"reason": "확인"})
    assert r.status_code == 403 and RRN not in r.get_data(as_text=True)


def test_admins_do_not_read_households(make, login):
    org = make.org()
    household = make.household(org, head_name="관리자못봄")
    c = login(make.user(org, role="admin"))
    for url in (f"/households/{household.id}", "/households/"):
        r = c.get(url)
        assert r.status_code in (403, 404) and "관리자못봄" not in r.get_data(as_text=True)
