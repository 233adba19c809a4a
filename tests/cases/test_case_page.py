"""Issue 9, the case page: step guidance (4), reassessment from the last assessment (5), the header a
worker looks at first (10) and the printed summary (11)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Assessment, Note
from caseweb.timeutil import seoul_today

from ..conftest import is_full_page
from .conftest import days_ago

HX = {"HX-Request": "true"}
TODAY = seoul_today()


def text(r):
    return r.get_data(as_text=True)


def _assess(case, author, on, needs, kind="initial", crisis="medium", strengths="이웃과 왕래", summary=None):
    a = Assessment(case_id=case.id, kind=kind, assessed_on=on, needs=needs, crisis_level=crisis,
                   strengths=strengths, summary=summary, author_id=author.id)
    db.session.add(a)
    db.session.flush()
    return a


def _partner(make, case, sections, name="새봄종합사회복지관"):
    org = make.org(kind="welfare_center", sector="private", programme="welfare_center", name=name)
    make.partner(case, org, sections=sections)
    make.consent(case.household, recipients=[org])
    return make.user(org, "worker")


# --- 4. step guidance ----------------------------------------------------------------

def test_empty_plan_tab_points_to_the_selection_on_the_overview(login, worker, case_in):
    case = case_in("assessed")
    page = text(login(worker).get(f"/cases/{case.id}/plan"))
    assert "먼저 할 일:" in page
    assert f'href="/cases/{case.id}#action-select"' in page
    assert "개요 탭" in page


@pytest.mark.parametrize("status,action,tab", [
    ("screening", "intake", ""), ("intake", "assessment", "/assessment"), ("assessed", "select", ""),
    ("planning", "plan", "/plan"), ("service", "note", "/notes"), ("closed", "follow_up", ""),
])
def test_the_header_names_the_next_step_and_links_to_its_form(login, worker, case_in, status, action, tab):
    case = case_in(status)
    page = text(login(worker).get(f"/cases/{case.id}"))
    anchor = "note-form" if action == "note" else f"action-{action}"
    assert 'id="case-next-step"' in page
    assert f'href="/cases/{case.id}{tab}#{anchor}"' in page
    assert f'id="{anchor}"' in text(login(worker).get(f"/cases/{case.id}{tab}"))  # the link lands on the form


@pytest.mark.parametrize("status", ["screening", "intake", "assessed", "planning", "service", "closed"])
def test_next_deadline_is_never_none_while_a_step_is_due(login, worker, case_in, status):
    page = text(login(worker).get(f"/cases/{case_in(status).id}"))
    assert "다음 단계" in page
    assert '<dd id="case-next-deadline">없음</dd>' not in page


def test_assessed_case_without_a_conference_shows_the_plan_deadline(login, worker, case_in):
    case = case_in("assessed", conference_on=None)
    page = text(login(worker).get(f"/cases/{case.id}"))
    deadline = page.split('id="case-next-deadline"')[1].split("</dd>")[0]
    assert (case.intake_on + timedelta(days=30)).isoformat() in deadline


def test_a_partner_is_told_the_lead_decides(login, make, case_in):
    case = case_in("assessed")
    partner = _partner(make, case, ["overview", "notes"])
    page = text(login(partner).get(f"/cases/{case.id}"))
    step = page.split('id="case-next-step"')[1].split("</dd>")[0]
    assert case.lead_org.name in step and "href" not in step


def test_after_a_step_the_page_says_what_comes_next(login, worker, case_in):
    case = case_in("screening")
    c = login(worker)
    r = c.post(f"/cases/{case.id}/intake", data={"intake-version": case.version, "intake-intake_on": TODAY.isoformat(),
                                                 "intake-body": "초기상담 내용"})
    assert r.status_code == 302
    page = text(c.get(r.headers["Location"]))
    assert "다음 단계: 사정 탭에서 욕구·위기도 사정" in page


def test_closure_form_waits_behind_a_button(login, reasons, worker, case_in):
    case = case_in("service")
    page = text(login(worker).get(f"/cases/{case.id}"))
    details = page.split('<details class="action-disclosure" id="action-close-disclosure"')[1]
    opening, rest = details.split(">", 1)
    assert "open" not in opening
    assert rest.index("<summary") < rest.index('id="action-close"')  # the form is inside, behind the summary


def test_a_refused_closure_request_comes_back_open(login, reasons, worker, case_in):
    case = case_in("service")
    r = login(worker).post(f"/cases/{case.id}/close", data={"close-version": case.version, "close-closed_on": "",
                                                          "close-reason": ""})
    assert r.status_code == 422
    assert 'id="action-close-disclosure" open' in text(r)


def test_no_closure_form_before_service(login, reasons, worker, case_in):
    page = text(login(worker).get(f"/cases/{case_in('planning').id}"))
    assert 'id="action-close"' not in page


# --- 5. reassessment ------------------------------------------------------------------

def test_reassessment_form_starts_from_the_last_assessment(login, worker, case_in):
    case = case_in("service")
    _assess(case, worker, days_ago(30), {"health_mental": 1}, crisis="low")
    _assess(case, worker, days_ago(10), {"health_mental": 3, "economy_basic": 2}, kind="re", crisis="high",
            strengths="딸이 주 1회 방문")
    page = text(login(worker).get(f"/cases/{case.id}/assessment"))
    form = page.split('id="action-reassess"')[1].split("</form>")[0]
    assert '<option value="3" selected>' in form.split('id="reassess-need_health_mental"')[1].split("</select>")[0]
    assert '<option value="2" selected>' in form.split('id="reassess-need_economy_basic"')[1].split("</select>")[0]
    assert '<option selected value="high">' in form.split('id="reassess-crisis_level"')[1].split("</select>")[0]
    assert "딸이 주 1회 방문" in form
    assert days_ago(10).isoformat() in form  # says where the values came from


def test_saved_reassessment_marks_changed_domains_in_words(login, worker, case_in):
    case = case_in("service")
    _assess(case, worker, days_ago(40), {"health_mental": 3, "economy_basic": 2, "env_housing": 1})
    c = login(worker)
    data = {f"reassess-need_{k}": v for k, v in {"health_mental": 1, "economy_basic": 2, "env_housing": 3}.items()}
    data.update({"reassess-version": case.version, "reassess-assessed_on": TODAY.isoformat(),
                 "reassess-crisis_level": "medium"})
    assert c.post(f"/cases/{case.id}/reassess", data=data).status_code == 302
    page = text(c.get(f"/cases/{case.id}/assessment"))
    newest = page.split('class="assessment-changes"')[1].split("</p>")[0]
    assert "직전 사정보다 달라진 영역:" in newest
    assert "건강" in newest and "생활환경" in newest and "경제" not in newest
    assert page.count('class="need-changed"') == 2
    assert "높음 → <strong>낮음</strong> (낮아짐)" in page
    assert "낮음 → <strong>높음</strong> (높아짐)" in page


def test_first_assessment_claims_no_change(login, worker, case_in):
    case = case_in("intake")
    _assess(case, worker, days_ago(1), {"health_mental": 2})
    case.status = "assessed"
    db.session.flush()
    page = text(login(worker).get(f"/cases/{case.id}/assessment"))
    assert "assessment-changes" not in page and "need-changed" not in page


# --- 10. the header ---------------------------------------------------------------------

def test_header_shows_age_address_phone_needs_and_each_orgs_latest_contact(login, make, worker, org, case_in):
    household = make.household(org, head_name="한소망", birth_date=date(1950, 1, 1), address="한빛구 소망로 3",
                               phone="010-1111-2222")
    case = case_in("service", household=household)
    _assess(case, worker, days_ago(20), {"health_physical": 3, "economy_basic": 2, "social_isolation": 2,
                                         "env_housing": 1})
    partner = _partner(make, case, ["overview"])
    db.session.add_all([
        Note(case_id=case.id, kind="phone", contact_on=days_ago(9), body="x", author_id=worker.id, org_id=org.id),
        Note(case_id=case.id, kind="visit", contact_on=days_ago(2), body="y", author_id=partner.id,
             org_id=partner.org_id)])
    db.session.flush()
    page = text(login(worker).get(f"/cases/{case.id}/notes"))
    header = page.split('id="case-header"')[1].split("</section>")[0]
    age = TODAY.year - 1950 - ((TODAY.month, TODAY.day) < (1, 1))
    assert f"만 {age}세" in header
    assert "한빛구 소망로 3" in header and 'href="tel:010-1111-2222"' in header
    assert "신체적 건강 · " in header and "주거" not in header  # top needs, level 2 and up
    contacts = header.split('id="case-contacts"')[1].split("</dd>")[0]
    assert contacts.index("새봄종합사회복지관") < contacts.index(org.name)  # newest first, one per organisation
    assert days_ago(2).isoformat() in contacts and "가정방문" in contacts


def test_partner_without_sections_sees_no_address_or_needs_in_the_header(login, make, worker, case_in):
    household = make.household(worker.org, address="한빛구 비밀로 9", phone="010-9999-0000")
    case = case_in("service", household=household)
    _assess(case, worker, days_ago(20), {"health_mental": 3})
    partner = _partner(make, case, ["notes"])
    page = text(login(partner).get(f"/cases/{case.id}/notes"))
    header = page.split('id="case-header"')[1].split("</section>")[0]
    assert "한빛구 비밀로 9" not in header and "010-9999-0000" not in header and "정신" not in header


def test_saving_a_note_by_htmx_confirms_next_to_the_form(login, worker, case_in):
    case = case_in("service")
    r = login(worker).post(f"/cases/{case.id}/notes", headers=HX, data={
        "kind": "visit", "contact_on": TODAY.isoformat(), "body": "가정방문"})
    assert r.status_code == 200 and not is_full_page(text(r))
    form = text(r).split('id="note-form"')[1].split("</form>")[0]
    assert 'id="note-saved"' in form and "저장했습니다" in form and TODAY.isoformat() in form
    assert 'id="case-header" aria-labelledby="case-title" hx-swap-oob="true"' in text(r)


# --- 11. print -----------------------------------------------------------------------------

def _printed(c, case):
    r = c.get(f"/cases/{case.id}/print")
    assert r.status_code == 200
    return text(r)


def test_print_is_a_summary_without_forms_and_is_logged(login, make, worker, org, case_in):
    case = case_in("service")
    _assess(case, worker, days_ago(20), {"health_mental": 3}, summary="우울감 심함")
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=days_ago(1), body="방문 상담 내용",
                        author_id=worker.id, org_id=org.id))
    db.session.flush()
    page = _printed(login(worker), case)
    main = page.split('<main')[1]
    assert "<form" not in main.split("</main>")[0] and "<input" not in main and "<textarea" not in main
    for heading in ("가구", "욕구", "서비스 제공계획", "사례 팀", "최근 상담일지"):
        assert heading in main
    assert "우울감 심함" in main and "방문 상담 내용" in main and org.name in main
    assert db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == "case_print", AccessLog.case_id == case.id)) == 1


def test_print_keeps_restricted_sections_restricted(login, make, worker, org, case_in):
    household = make.household(org, address="한빛구 비밀로 9")
    case = case_in("service", household=household)
    _assess(case, worker, days_ago(20), {"health_mental": 3}, summary="주관기관 사정 요약")
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=days_ago(1), body="주관기관 상담 내용",
                        author_id=worker.id, org_id=org.id))
    partner = _partner(make, case, ["notes"])
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=days_ago(1), body="복지관 방문",
                        author_id=partner.id, org_id=partner.org_id))
    db.session.flush()
    page = _printed(login(partner), case)
    assert "주관기관 사정 요약" not in page and "한빛구 비밀로 9" not in page
    assert page.count("비공개: 우리 기관에 공유되지 않은 항목입니다") == 4  # contact, needs, plan, team
    assert "복지관 방문" in page and "주관기관 상담 내용" in page  # the notes section was given

    narrow = _partner(make, case, ["overview"], name="다른복지관")
    page = _printed(login(narrow), case)
    assert "주관기관 상담 내용" not in page and "복지관 방문" not in page  # only its own notes


def test_print_of_another_organisations_case_is_404_and_not_logged(login, make, case_in):
    case = case_in("service")
    stranger = make.user(make.org(name="남의 기관"), "worker")
    assert login(stranger).get(f"/cases/{case.id}/print").status_code == 404
    assert db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.action == "case_print")) == 0


def test_case_page_links_to_print_and_prints_without_its_forms(login, worker, case_in, app):
    page = text(login(worker).get(f"/cases/{case_in('service').id}"))
    assert '/print"' in page and '<div class="case-page">' in page
    css = (app.static_folder + "/css/print.css")
    assert ".case-page form" in open(css, encoding="utf-8").read()


def test_partner_reading_only_its_own_notes_sees_when_others_called_not_how(login, make, worker, org, case_in):
    case = case_in("service")
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=days_ago(3), body="x", author_id=worker.id,
                        org_id=org.id))
    partner = _partner(make, case, ["overview"])
    db.session.add(Note(case_id=case.id, kind="phone", contact_on=days_ago(1), body="y", author_id=partner.id,
                        org_id=partner.org_id))
    db.session.flush()
    page = text(login(partner).get(f"/cases/{case.id}/notes"))
    contacts = page.split('id="case-contacts"')[1].split("</dd>")[0]
    assert org.name in contacts and days_ago(3).isoformat() in contacts and "가정방문" not in contacts
    assert "전화상담" in contacts  # its own
