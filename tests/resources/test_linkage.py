"""자원연계 from a case: stock drops, refusals in Korean, outside-directory entries, case-data access."""
from datetime import date

from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Goal, Linkage, Plan, PlannedService

from ..conftest import is_full_page
from .helpers import make_resource


def _setup(make):
    org = make.org()
    user = make.user(org)
    case = make.case(org, status="service")
    return org, user, case


def _logs(action, case):
    return db.session.scalar(select(func.count()).select_from(AccessLog).where(
        AccessLog.action == action, AccessLog.case_id == case.id))


def test_linking_from_the_directory_takes_one_from_stock(make, login):
    org, user, case = _setup(make)
    ramen = make_resource(make.org("한빛푸드뱅크"), "라면 나눔", domain="economy", remaining=3, quantity=800, unit="봉")
    c = login(user)
    form = c.get(f"/resources/case/{case.id}/link?resource_id={ramen.id}")
    assert form.status_code == 200 and "라면 나눔" in form.get_data(as_text=True)
    r = c.post(f"/resources/case/{case.id}/link", data={"resource_id": ramen.id, "domain": "economy",
                                                       "linked_on": "2026-12-01", "quantity": "2", "note": "겨울 지원"})
    assert r.status_code == 302
    db.session.refresh(ramen)
    assert ramen.remaining == 1
    lk = db.session.scalar(select(Linkage).where(Linkage.case_id == case.id))
    assert (lk.resource_name, lk.provider_name, lk.quantity, lk.household_id, lk.org_id) == (
        "라면 나눔", "한빛푸드뱅크", 2, case.household_id, org.id)
    page = c.get(f"/resources/case/{case.id}").get_data(as_text=True)
    assert "라면 나눔" in page and "겨울 지원" in page
    assert _logs("linkage_add", case) == 1 and _logs("linkage_list", case) == 1


def test_linking_more_than_remains_is_refused_in_korean_and_changes_nothing(make, login):
    _org, user, case = _setup(make)
    ramen = make_resource(make.org(), "라면 나눔", domain="economy", remaining=1)
    c = login(user)
    r = c.post(f"/resources/case/{case.id}/link", data={"resource_id": ramen.id, "domain": "economy",
                                                       "linked_on": "2026-12-01", "quantity": "2"})
    assert r.status_code == 409
    assert "“라면 나눔”이 부족합니다: 잔여 1, 요청 2." in r.get_data(as_text=True)
    db.session.refresh(ramen)
    assert ramen.remaining == 1
    assert db.session.scalar(select(func.count()).select_from(Linkage)) == 0
    assert _logs("linkage_refused", case) == 1


def test_paused_entries_cannot_be_linked(make, login):
    _org, user, case = _setup(make)
    paused = make_resource(make.org(), "쉬는 자원", status="paused")
    r = login(user).post(f"/resources/case/{case.id}/link", data={"resource_id": paused.id, "domain": "environment",
                                                                 "linked_on": "2026-12-01"})
    assert r.status_code == 409 and "지금 연계할 수 없습니다" in r.get_data(as_text=True)


def test_a_resource_outside_the_directory_is_recorded_too(make, login):
    _org, user, case = _setup(make)
    c = login(user)
    empty = c.post(f"/resources/case/{case.id}/link", data={"domain": "economy", "linked_on": "2026-12-01"})
    assert empty.status_code == 422 and "목록에 없는 자원의 이름" in empty.get_data(as_text=True)
    r = c.post(f"/resources/case/{case.id}/link", data={
        "resource_name": "교회 성금", "provider_name": "한빛교회", "sector": "private", "domain": "economy",
        "linked_on": "2026-12-01", "amount_krw": "300000"})
    assert r.status_code == 302
    lk = db.session.scalar(select(Linkage).where(Linkage.case_id == case.id))
    assert (lk.resource_id, lk.resource_name, lk.amount_krw, lk.sector) == (None, "교회 성금", 300000, "private")


def test_htmx_link_returns_the_panel_with_a_message(make, login):
    _org, user, case = _setup(make)
    r0 = make_resource(make.org(), "치과 진료 지원", domain="health", remaining=5)
    r = login(user).post(f"/resources/case/{case.id}/link", headers={"HX-Request": "true", "HX-Target": "case-resources"},
                         data={"resource_id": r0.id, "domain": "health", "linked_on": "2026-12-01"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert 'id="case-resources"' in html and "연계했습니다: 치과 진료 지원" in html


def test_plan_shows_planned_next_to_linked(make, login):
    _org, user, case = _setup(make)
    plan = Plan(case_id=case.id, planned_on=date(2026, 11, 1))
    plan.goals = [Goal(domain="environment", text="주거 안정")]
    plan.services = [PlannedService(domain="environment", service="월세 지원"),
                     PlannedService(domain="health", service="치과 치료")]
    db.session.add(plan)
    r0 = make_resource(make.org(), "주택임대보조금")
    c = login(user)
    c.post(f"/resources/case/{case.id}/link", data={"resource_id": r0.id, "domain": "environment",
                                                   "linked_on": "2026-12-01"})
    html = c.get(f"/resources/case/{case.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "월세 지원" in html and "주택임대보조금" in html and "치과 치료" in html and "아직 없음" in html
    tab = c.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert f"/resources/case/{case.id}" in tab  # the plan tab loads the panel


def test_other_organisations_get_404_for_linkage_pages(make, login):
    _org, _user, case = _setup(make)
    r0 = make_resource(make.org(), "라면 나눔", remaining=5)
    outsider = login(make.user(make.org()))
    for path in (f"/resources/case/{case.id}", f"/resources/case/{case.id}/search?q=라면",
                 f"/resources/case/{case.id}/link", f"/resources/household/{case.household_id}/linkages"):
        assert outsider.get(path).status_code == 404, path
    forged = outsider.post(f"/resources/case/{case.id}/link", data={"resource_id": r0.id, "domain": "economy",
                                                                   "linked_on": "2026-12-01"})
    assert forged.status_code == 404
    db.session.refresh(r0)
    assert r0.remaining == 5
    admin = login(make.user(make.org(), role="admin"))
    assert admin.get(f"/resources/case/{case.id}").status_code == 404


def test_a_partner_without_the_plan_section_sees_no_linkages(make, login):
    org, user, case = _setup(make)
    partner_org = make.org()
    make.partner(case, partner_org, sections=["overview", "notes"])
    make.consent(case.household, recipients=[partner_org])
    r0 = make_resource(make.org(), "라면 나눔")
    login(user).post(f"/resources/case/{case.id}/link", data={"resource_id": r0.id, "domain": "economy",
                                                             "linked_on": "2026-12-01"})
    partner = login(make.user(partner_org))
    assert partner.get(f"/resources/case/{case.id}").status_code == 404
    listed = partner.get(f"/resources/household/{case.household_id}/linkages").get_data(as_text=True)
    assert "라면 나눔" not in listed
    assert "라면 나눔" in login(user).get(f"/resources/household/{case.household_id}/linkages").get_data(as_text=True)


def test_a_viewer_reads_but_cannot_link(make, login):
    org, _user, case = _setup(make)
    viewer = login(make.user(org, role="viewer"))
    assert viewer.get(f"/resources/case/{case.id}").status_code == 200
    assert viewer.get(f"/resources/case/{case.id}/link").status_code == 403


def test_household_page_loads_its_linkages(make, login):
    _org, user, case = _setup(make)
    html = login(user).get(f"/households/{case.household_id}").get_data(as_text=True)
    assert f"/resources/household/{case.household_id}/linkages" in html


def test_an_invalid_htmx_linkage_replaces_only_the_dialog(make, login):
    _org, user, case = _setup(make)
    r = login(user).post(f"/resources/case/{case.id}/link", headers={"HX-Request": "true", "HX-Target": "case-resources"},
                         data={"domain": "economy", "linked_on": ""})
    assert r.status_code == 422 and r.headers["HX-Retarget"] == "#link-dialog"
    assert not is_full_page(r.get_data(as_text=True)) and "hx-post" in r.get_data(as_text=True)
