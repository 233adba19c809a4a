"""A dong-office worker registers a household, opens its case and finds it again in the list."""
import re

import pytest
from sqlalchemy import func, select

from caseweb.authz import visible_household_clause
from caseweb.extensions import db
from caseweb.models import Case, Household, Organization, User
from caseweb.models.org import SENSITIVE_PROGRAMMES

pytestmark = pytest.mark.browser

DESKTOP = (1280, 800)
TABLET = (768, 1024)
NEW_NAME = "도한결"


def _other_orgs_person(app) -> dict:
    """Someone with a case that dong1's organisation cannot see: name, birth date, what may be shown."""
    with app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        household = db.session.scalars(
            select(Household)
            .where(Household.birth_date.is_not(None), Household.address.is_not(None),
                   ~visible_household_clause(dong1.org_id),
                   select(func.count(Case.id)).where(Case.household_id == Household.id)
                   .scalar_subquery() == 1,
                   # A sensitive programme is never named: the check shows only "managed elsewhere".
                   ~select(Case.id).join(Organization, Case.lead_org_id == Organization.id).where(
                       Case.household_id == Household.id,
                       Case.programme.in_(SENSITIVE_PROGRAMMES) | Organization.programme.in_(SENSITIVE_PROGRAMMES))
                   .exists())
            .order_by(Household.id)).first()
        assert household is not None, "the demo has no household of another organisation"
        case = household.cases[0]
        person = {"name": household.head_name, "birth": household.birth_date.isoformat(),
                  "address": household.address, "org": case.lead_org.name, "number": household.number}
        db.session.remove()
    return person


def _no_horizontal_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: page is {widths[0]}px wide in a {widths[1]}px window"


def test_register_open_case_and_find_it(live_server, live_app, page_for, shot):
    person = _other_orgs_person(live_app)
    page = page_for("dong1", DESKTOP)

    # 1. Registering someone another organisation serves: told who to call, nothing more.
    page.goto(f"{live_server}/households/new")
    page.locator("#head_name").press_sequentially(person["name"], delay=30)
    page.fill("#birth_date", person["birth"])
    page.locator("#birth_date").dispatch_event("input")
    warning = page.locator("#duplicates")
    warning.get_by_text(person["org"]).first.wait_for()
    text = warning.inner_text()
    assert person["address"] not in text and person["number"] not in text
    assert "/households/new" in page.url  # answered in place, the form kept
    assert page.locator("#flash .flash-error").count() == 0, page.locator("#flash").inner_text()
    shot(page, "case-flow-1-duplicate-warning")

    page.fill("#head_name", NEW_NAME)
    page.fill("#birth_date", "1961-04-09")
    page.select_option("#gender", "M")
    page.fill("#phone", "010-2345-6789")
    page.fill("#address", "한빛구 한빛로 12, 101동 203호")
    page.select_option("#household_type", "elderly_alone")
    page.fill("#members-0-name", "도서윤")
    page.select_option("#members-0-relation", "child")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url(re.compile(r"/households/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith(NEW_NAME)
    shot(page, "case-flow-2-household")
    household_url = page.url

    # 2. Open a case, record intake and assessment, add a note without leaving the page.
    page.get_by_role("link", name="사례 등록", exact=True).click()
    page.wait_for_url(re.compile(r"/cases/new"))
    page.fill("#source", "통장 제보")
    shot(page, "case-flow-3-new-case")
    page.get_by_role("button", name="사례 등록하기").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = page.url
    page.fill("#intake-body", "가정방문 초기상담. 무릎 통증으로 외출 어려움. 식사 거르는 날 많음.")
    shot(page, "case-flow-4-intake-form")
    page.get_by_role("button", name="초기상담 저장").click()
    page.wait_for_load_state()
    assert "초기상담" in page.locator("#case-header .status").inner_text()

    page.goto(f"{case_url}/assessment")
    need = page.locator("#assessment-need_health_physical")
    assert need.locator("option").all_inner_texts() == ["0 · 없음", "1 · 낮음", "2 · 보통", "3 · 높음"]
    page.select_option("#assessment-need_health_physical", "3")
    page.select_option("#assessment-need_daily_housework", "2")
    page.select_option("#assessment-crisis_level", "medium")
    page.fill("#assessment-strengths", "이웃과 관계 좋음.")
    shot(page, "case-flow-5-assessment-form")
    page.get_by_role("button", name="사정 저장").click()
    page.wait_for_url(re.compile(r"/assessment$"))
    assessed = page.locator("section.card", has_text="초기 사정")
    assert "신체적 건강: 높음" in assessed.inner_text()
    shot(page, "case-flow-6-assessment-saved")

    # Contact notes can be written at every open step, before selection too (field trial).
    page.goto(f"{case_url}/notes")
    assert page.locator("#note-form").count() == 1
    page.goto(case_url)
    page.select_option("#select-kind", "service_linkage")
    page.get_by_role("button", name="결정 저장").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert "서비스연계" in page.locator("#case-header .status").inner_text()

    page.goto(f"{case_url}/notes")
    page.get_by_role("link", name=re.compile(r"^H-")).first.wait_for()  # the header links to the household
    page.select_option("#kind", "phone")
    page.fill("#body", "전화 안부 확인. 도시락 배달 신청 원하심.")
    page.get_by_role("button", name="상담일지 저장").click()
    page.locator("#note-list li").first.get_by_text("도시락 배달 신청").wait_for()
    assert page.url.endswith("/notes")  # added inline, no reload
    assert page.locator("#body").input_value() == ""
    shot(page, "case-flow-7-note-added")

    # 768px: the household and the case fit the tablet screen.
    tablet = page_for("dong1", TABLET)
    for url, name in [(case_url, "case-flow-case-768"), (f"{case_url}/assessment", "case-flow-assessment-768"),
                      (f"{case_url}/notes", "case-flow-notes-768"), (household_url, "case-flow-household-768")]:
        tablet.goto(url)
        shot(tablet, name)
        _no_horizontal_scroll(tablet)

    # 3. The list filters as you type; the URL follows, so it can be bookmarked.
    page.goto(f"{live_server}/cases?scope=org")
    page.locator("#q").press_sequentially(NEW_NAME, delay=50)
    page.wait_for_url(re.compile(r"q=%EB%8F%84"))
    page.select_option("#f-status", "linkage")
    page.wait_for_url(re.compile(r"status=linkage"))
    rows = page.locator("#case-list tbody tr")
    rows.first.get_by_text(NEW_NAME).wait_for()
    assert rows.count() == 1
    assert "서비스연계" in rows.first.inner_text()
    shot(page, "case-flow-8-case-list")
    page.reload()  # the pushed URL is a real page
    assert page.locator("#q").input_value() == NEW_NAME
    assert page.locator("#case-list tbody tr").first.get_by_text(NEW_NAME).is_visible()
