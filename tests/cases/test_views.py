"""Case pages: list and search, tabs as pages and fragments, actions, notes, optimistic locking."""
import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Case, Note
from caseweb.timeutil import seoul_today

from ..conftest import is_full_page
from .conftest import days_ago

HX = {"HX-Request": "true"}
TODAY = seoul_today().isoformat()


def text(r):
    return r.get_data(as_text=True)


def logged(action, case):
    return db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == action, AccessLog.household_id == case.household_id))


# --- list and search -------------------------------------------------------------

def test_list_mine_and_org(login, make, org, worker, case_in):
    mine = case_in("intake", household=make.household(org, head_name="김영희"))
    colleague = make.user(org, "worker")
    theirs = make.case(org, household=make.household(org, head_name="박철수"), manager=colleague)
    c = login(worker)
    page = text(c.get("/cases/"))
    assert mine.number in page and theirs.number not in page
    page = text(c.get("/cases/?scope=org"))
    assert mine.number in page and theirs.number in page


def test_search_two_syllable_name_and_numbers(login, make, org, worker):
    younghee = make.case(org, household=make.household(org, head_name="김영희"), manager=worker)
    other = make.case(org, household=make.household(org, head_name="이민수"), manager=worker)
    c = login(worker)
    page = text(c.get("/cases/?q=영희"))
    assert younghee.number in page and other.number not in page
    page = text(c.get(f"/cases/?q={other.number}"))
    assert other.number in page and younghee.number not in page
    page = text(c.get(f"/cases/?q={younghee.household.number}"))
    assert younghee.number in page and other.number not in page


def test_list_filters_overdue_and_status(login, make, org, worker, case_in):
    late = case_in("intake", start=days_ago(40))
    fresh = case_in("intake", start=days_ago(1))
    for c in (late, fresh):
        from caseweb.cases.deadlines import recompute_due
        recompute_due(c)
    db.session.flush()
    planning = case_in("planning")
    c = login(worker)
    page = text(c.get("/cases/?overdue=1"))
    assert late.number in page and fresh.number not in page
    page = text(c.get("/cases/?status=planning"))
    assert planning.number in page and late.number not in page


def test_list_is_a_fragment_for_htmx(login, worker, case_in):
    case = case_in("intake")
    c = login(worker)
    r = c.get("/cases/?q=", headers=HX)
    assert r.status_code == 200 and not is_full_page(text(r))
    assert 'id="case-list"' in text(r) and case.number in text(r)
    assert is_full_page(text(c.get("/cases/")))


def test_list_paginates(app, login, make, org, worker):
    for _ in range(app.config["PAGE_SIZE"] + 2):
        make.case(org, manager=worker)
    c = login(worker)
    first, second = text(c.get("/cases/")), text(c.get("/cases/?page=2"))
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert second.count('<tr id="case-') == 2


def test_list_never_shows_foreign_cases(login, make, org, worker):
    foreign_org = make.org()
    foreign = make.case(foreign_org, household=make.household(foreign_org, head_name="김영희"),
                        manager=make.user(foreign_org))
    c = login(worker)
    for url in ("/cases/", "/cases/?scope=org", "/cases/?q=영희", f"/cases/?q={foreign.number}"):
        page = text(c.get(url))
        assert f'id="case-{foreign.id}"' not in page and "김영희" not in page


# --- opening a case ----------------------------------------------------------------

def test_open_a_case_for_a_visible_household(login, make, org, worker):
    household = make.household(org, head_name="최영자")
    c = login(worker)
    assert c.get(f"/cases/new?household_id={household.id}").status_code == 200
    r = c.post(f"/cases/new?household_id={household.id}",
               data={"programme": "integrated", "source": "이웃 제보", "found_on": TODAY})
    assert r.status_code == 302
    case = db.session.scalar(select(Case).where(Case.household_id == household.id))
    assert r.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.status == "screening" and case.manager_id == worker.id
    assert logged("case_create", case) == 1


def test_open_a_case_invalid_is_422(login, make, org, worker):
    household = make.household(org)
    r = login(worker).post(f"/cases/new?household_id={household.id}", data={"programme": "nonsense"})
    assert r.status_code == 422


def test_open_a_case_for_foreign_household_is_404(login, make, worker):
    household = make.household(make.org())
    assert login(worker).get(f"/cases/new?household_id={household.id}").status_code == 404


# --- the case page -----------------------------------------------------------------

@pytest.mark.parametrize("tab", ["", "/assessment", "/plan", "/notes", "/history"])
def test_tabs_are_pages_and_fragments(tab, login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    full = c.get(f"/cases/{case.id}{tab}")
    assert full.status_code == 200 and is_full_page(text(full))
    assert case.household.head_name in text(full)
    frag = c.get(f"/cases/{case.id}{tab}", headers=HX)
    assert frag.status_code == 200 and not is_full_page(text(frag))
    assert 'id="tab-panel"' in text(frag)
    assert logged("case_view", case) == 2


def test_header_shows_overdue_deadline(login, worker, case_in):
    case = case_in("intake", start=days_ago(30))
    page = text(login(worker).get(f"/cases/{case.id}"))
    assert "기한 지남" in page or "Overdue" in page
    assert case.number in page


def test_only_legal_actions_are_offered(login, worker, case_in, make, org):
    case = case_in("assessed")
    page = text(login(worker).get(f"/cases/{case.id}"))
    assert f"/cases/{case.id}/select" in page
    assert f"/cases/{case.id}/close" not in page and f"/cases/{case.id}/intake" not in page
    viewer_page = text(login(make.user(org, "viewer")).get(f"/cases/{case.id}"))
    assert f"/cases/{case.id}/select" not in viewer_page


def test_partner_sees_only_granted_sections(login, make, org, case_in):
    case = case_in("service")
    partner_org = make.org(name="정신건강복지센터", kind="public_program", programme="mental_health")
    make.partner(case, partner_org, sections=["overview", "notes"])
    make.consent(case.household, recipients=[partner_org])
    c = login(make.user(partner_org, "worker"))
    assert c.get(f"/cases/{case.id}").status_code == 200
    assert c.get(f"/cases/{case.id}/notes").status_code == 200
    for tab in ("assessment", "plan", "history"):
        assert c.get(f"/cases/{case.id}/{tab}").status_code == 404
        assert c.get(f"/cases/{case.id}/{tab}", headers=HX).status_code == 404
    page = text(c.get(f"/cases/{case.id}"))
    assert f"/cases/{case.id}/history" not in page and f"/cases/{case.id}/notes" in page
    assert c.post(f"/cases/{case.id}/reassess", data={"reassess-version": case.version}).status_code == 404


def test_partner_without_overview_lands_on_a_granted_tab(login, make, case_in):
    case = case_in("service")
    partner_org = make.org()
    make.partner(case, partner_org, sections=["plan"])
    make.consent(case.household, recipients=[partner_org])
    c = login(make.user(partner_org, "worker"))
    r = c.get(f"/cases/{case.id}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case.id}/plan")
    assert c.get(f"/cases/{case.id}/assessment").status_code == 404
    assert c.get(f"/cases/{case.id}/notes").status_code == 200  # its own notes, always
    assert c.post(f"/cases/{case.id}/close", data={"close-version": case.version}).status_code == 404


# --- actions -----------------------------------------------------------------------

def test_intake_action_moves_the_case(login, worker, case_in):
    case = case_in("screening")
    r = login(worker).post(f"/cases/{case.id}/intake", data={
        "intake-version": case.version, "intake-intake_on": TODAY, "intake-body": "첫 상담"})
    assert r.status_code == 302
    db.session.refresh(case)
    assert case.status == "intake" and logged("case_intake", case) == 1


def test_invalid_action_is_422_with_the_form(login, worker, case_in):
    case = case_in("screening")
    c = login(worker)
    r = c.post(f"/cases/{case.id}/intake", data={"intake-version": case.version, "intake-intake_on": TODAY})
    assert r.status_code == 422 and 'aria-invalid="true"' in text(r) and is_full_page(text(r))
    r = c.post(f"/cases/{case.id}/intake", data={"intake-version": case.version}, headers=HX)
    assert r.status_code == 422 and not is_full_page(text(r))


def test_assessment_grid_and_selection(login, worker, case_in):
    case = case_in("intake")
    c = login(worker)
    page = text(c.get(f"/cases/{case.id}/assessment"))
    assert page.count('name="assessment-need_') == 21
    r = c.post(f"/cases/{case.id}/assessment", data={
        "assessment-version": case.version, "assessment-assessed_on": TODAY,
        "assessment-crisis_level": "medium", "assessment-need_health_mental": "3"})
    assert r.status_code == 302
    db.session.refresh(case)
    assert case.status == "assessed"
    r = c.post(f"/cases/{case.id}/select", data={
        "select-version": case.version, "select-kind": "case_management", "select-level": "high_difficulty",
        "select-selected_on": TODAY})
    assert r.status_code == 302
    db.session.refresh(case)
    assert (case.status, case.level) == ("planning", "high_difficulty")


def test_plan_form_with_goal_rows(login, worker, case_in, make):
    case = case_in("planning")
    provider = make.org(name="지역복지관", kind="welfare_center", sector="private")
    r = login(worker).post(f"/cases/{case.id}/plan", data={
        "plan-version": case.version, "plan-planned_on": TODAY,
        "plan-goals-0-domain": "economy", "plan-goals-0-text": "체납 해소",
        "plan-services-0-domain": "economy", "plan-services-0-service": "밑반찬 지원",
        "plan-services-0-provider_org_id": str(provider.id)})
    assert r.status_code == 302, text(r)[:2000]
    db.session.refresh(case)
    assert case.status == "service"


def test_illegal_action_is_refused_with_message(login, worker, case_in):
    case = case_in("intake")
    r = login(worker).post(f"/cases/{case.id}/select", data={
        "select-version": case.version, "select-kind": "not_selected", "select-selected_on": TODAY})
    assert r.status_code == 409
    assert "사정을 마친 사례만 선정할 수 있습니다." in text(r)
    db.session.refresh(case)
    assert case.status == "intake"


def test_close_needs_lead_and_reason(login, make, org, case_in, reasons):
    case = case_in("service")
    c = login(make.user(org, "supervisor"))  # a worker's close is a request: see test_closure.py
    page = text(c.get(f"/cases/{case.id}"))
    assert "목표달성" in page and "폐지된 사유" not in page
    r = c.post(f"/cases/{case.id}/close", data={
        "close-version": case.version, "close-closed_on": TODAY, "close-reason": "목표달성"})
    assert r.status_code == 302
    db.session.refresh(case)
    assert case.status == "closed" and case.closure_reason == "목표달성"


def test_second_concurrent_edit_gets_409(login, make, org, worker, case_in, reasons):
    case = case_in("service")
    version = case.version
    first, second = login(worker), login(make.user(org, "supervisor"))
    r = first.post(f"/cases/{case.id}/reassess", data={
        "reassess-version": version, "reassess-assessed_on": TODAY, "reassess-crisis_level": "low"})
    assert r.status_code == 302
    r = second.post(f"/cases/{case.id}/close", data={
        "close-version": version, "close-closed_on": TODAY, "close-reason": "거부"})
    assert r.status_code == 409
    assert "다른 사람이" in text(r) or "Someone else" in text(r)
    db.session.refresh(case)
    assert case.status == "service"
    assert f'name="close-version" type="hidden" value="{case.version}"' in text(r)


def test_viewer_cannot_post(login, make, org, case_in):
    case = case_in("screening")
    r = login(make.user(org, "viewer")).post(f"/cases/{case.id}/intake", data={"intake-version": case.version})
    assert r.status_code == 403


# --- notes -------------------------------------------------------------------------

def test_add_note_inline_with_htmx(login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    r = c.post(f"/cases/{case.id}/notes", headers=HX,
               data={"kind": "visit", "contact_on": TODAY, "body": "가정방문, 식사 확인"})
    assert r.status_code == 200 and not is_full_page(text(r))
    assert "가정방문, 식사 확인" in text(r) and 'id="note-' in text(r) and 'hx-swap-oob="true"' in text(r)
    assert logged("case_note_add", case) == 1
    db.session.refresh(case)
    assert case.last_contact_on == seoul_today()


def test_add_note_without_js_redirects(login, worker, case_in):
    case = case_in("linkage")
    r = login(worker).post(f"/cases/{case.id}/notes", data={"kind": "phone", "contact_on": TODAY, "body": "통화"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case.id}/notes")


def test_invalid_note_is_422_form_fragment(login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    r = c.post(f"/cases/{case.id}/notes", headers=HX, data={"kind": "visit", "contact_on": TODAY})
    assert r.status_code == 422 and not is_full_page(text(r))
    assert 'id="note-form"' in text(r) and r.headers["HX-Retarget"] == "#note-form"
    r = c.post(f"/cases/{case.id}/notes", data={"kind": "visit", "contact_on": TODAY})
    assert r.status_code == 422 and is_full_page(text(r))


def _note(case, worker, body="원래 내용"):
    note = Note(case_id=case.id, kind="visit", contact_on=days_ago(2), body=body,
                author_id=worker.id, org_id=worker.org_id)
    db.session.add(note)
    db.session.flush()
    return note


def test_edit_note_page_and_fragment(login, worker, case_in):
    case = case_in("service")
    note = _note(case, worker)
    c = login(worker)
    url = f"/cases/{case.id}/notes/{note.id}/edit"
    assert is_full_page(text(c.get(url)))
    frag = c.get(url, headers=HX)
    assert not is_full_page(text(frag)) and "원래 내용" in text(frag)
    r = c.post(url, headers=HX, data={"version": note.version, "contact_on": days_ago(2).isoformat(),
                                      "body": "고친 내용"})
    assert r.status_code == 200 and "고친 내용" in text(r) and not is_full_page(text(r))


def test_stale_note_edit_gets_409(login, make, org, worker, case_in):
    case = case_in("service")
    note = _note(case, worker)
    url = f"/cases/{case.id}/notes/{note.id}/edit"
    version = note.version
    a, b = login(worker), login(make.user(org, "worker"))
    data = {"version": version, "contact_on": days_ago(2).isoformat()}
    assert a.post(url, data={**data, "body": "첫 번째 수정"}).status_code == 302
    r = b.post(url, data={**data, "body": "두 번째 수정"})
    assert r.status_code == 409 and "첫 번째 수정" in text(r)
    db.session.refresh(note)
    assert note.body == "첫 번째 수정"


def test_note_of_another_case_is_404(login, worker, case_in):
    case, other = case_in("service"), case_in("service")
    note = _note(other, worker)
    assert login(worker).get(f"/cases/{case.id}/notes/{note.id}/edit").status_code == 404


def test_notes_tab_speaks_case_work_korean(login, worker, case_in):
    """Shared catalogues call a phone number 연락처; the contact-kind menu must say 전화상담."""
    case = case_in("service")
    page = text(login(worker).get(f"/cases/{case.id}/notes"))
    assert '<option value="phone">전화상담</option>' in page
    assert ">상담일지</a>" in page


def test_intake_form_starts_with_the_source_given_when_opening(login, make, org, worker, case_in):
    case = case_in("screening", source="단전·단수 명단")
    html = login(worker).get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'name="intake-source"' in html and 'value="단전·단수 명단"' in html
