"""Issue 9's two blocking problems, walked in a browser.

1. A new user's first login: the one-time password page no longer nests itself into the
   header badge; after the change the dashboard has one intact header.
2. A partner accepted with narrow sections records a home visit before the lead has a plan;
   the lead sees the note and is notified, naming the household.
"""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseweb.authz import consent_covers
from caseweb.extensions import db
from caseweb.models import Case, CaseTeam, Consent, Transition, User
from caseweb.security import hash_password
from caseweb.timeutil import seoul_today

from .conftest import DEMO_PASSWORD
from .test_foundation import DESKTOP, TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser
VISIT = "복지관 가정방문. 냉장고가 비어 있어 밑반찬 지원을 안내함."


def _newcomer(live_app, username):
    """An account an admin has just created: a one-time password that must be changed."""
    with live_app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        db.session.add(User(username=username, name="신입직원", org_id=dong1.org_id, role="worker",
                            password_hash=hash_password(DEMO_PASSWORD), must_change_password=True))
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_first_login_changes_the_password_and_reaches_the_dashboard(live_server, live_app, new_page, shot,
                                                                    viewport):
    username = f"newbie{viewport[0]}"
    _newcomer(live_app, username)
    page = new_page(viewport)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/account/password$"))
    page.wait_for_timeout(2500)  # the old page nested itself about 20 times a second
    shot(page, f"issue9-first-login-password-{viewport[0]}")
    assert page.locator("h1").count() == 1
    assert page.locator(".site-header").count() == 1
    assert len([u for u in requests if "/account/password" in u]) == 1, requests
    _axe_clean(page)

    page.fill("#current", DEMO_PASSWORD)
    page.fill("#new", "봄날의 복지관 가는 길 2026")
    page.fill("#confirm", "봄날의 복지관 가는 길 2026")
    page.get_by_role("button", name="비밀번호 변경").click()
    page.wait_for_url(f"{live_server}/")
    assert page.locator(".site-header").count() == 1
    expect(page.locator("#flash")).to_contain_text("비밀번호")
    nav = page.locator(".main-nav")
    for label in ("내 업무", "사례", "대상가구", "의뢰함"):
        assert nav.get_by_role("link", name=re.compile(label)).count() >= 1, label
    badge = nav.locator("a[href*='/referrals'] .badge")
    page.wait_for_load_state("networkidle")
    assert badge.locator("h1, form, header").count() == 0  # a count, never a page
    assert page.locator("h1").count() == 1
    shot(page, f"issue9-first-login-dashboard-{viewport[0]}")
    _no_horizontal_scroll(page)


def _case_before_plan(live_app) -> dict:
    """A case of dong1's office before any plan, managed by dong1, consent covering center1's centre."""
    with live_app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        center = db.session.scalar(select(User).where(User.username == "center1")).org
        case = db.session.scalars(select(Case).where(
            Case.lead_org_id == dong1.org_id, Case.status.in_(("assessed", "intake", "planning")),
            ~select(CaseTeam.id).where(CaseTeam.case_id == Case.id, CaseTeam.org_id == center.id).exists(),
            ~select(Transition.id).where(Transition.case_id == Case.id, Transition.to_org_id == center.id).exists(),
        ).order_by(Case.id)).first()
        assert case is not None, "the demo has no case of 한빛1동 before its plan"
        case.manager_id = dong1.id
        if not db.session.scalar(select(consent_covers(case.household_id, center.id))):
            consent = Consent(household_id=case.household_id, kind="third_party", scope="orgs",
                              purpose="복지관 서비스 연계", valid_from=seoul_today(), recorded_by_id=dong1.id,
                              recorded_by_org_id=dong1.org_id)
            consent.recipients = [center]
            db.session.add(consent)
        db.session.commit()
        found = {"case_id": case.id, "number": case.number, "head": case.household.head_name,
                 "center": center.name, "center_id": center.id, "status": case.status}
        db.session.remove()
    return found


def test_partner_with_narrow_sections_records_a_home_visit_the_lead_sees(live_server, live_app, page_for, shot):
    found = _case_before_plan(live_app)
    case_url = f"{live_server}/cases/{found['case_id']}"
    dong = page_for("dong1", DESKTOP)
    dong.goto(case_url)
    panel = dong.locator("#referral-panel")
    panel.get_by_role("link", name="다른 기관에 의뢰").click()
    panel.locator("#refer-to_org_id").wait_for()
    panel.locator("#refer-to_org_id").select_option(str(found["center_id"]))
    panel.locator("#refer-reason").fill("혼자 지내시는 어르신, 복지관 정기 방문이 필요합니다.")
    for box in panel.locator("input[name=refer-sections]").all():
        box.set_checked(box.get_attribute("value") == "overview")  # only the overview
    panel.get_by_role("button", name="의뢰하기", exact=True).click()
    dong.locator("#flash").get_by_text(found["center"]).wait_for()

    center = page_for("center1", TABLET)
    center.goto(f"{live_server}/referrals")
    row = center.locator("#referral-list tbody tr", has_text=found["number"])
    row.get_by_role("button", name="수락").click()
    center.locator("#referral-list tbody tr", has_text=found["number"]).locator(".status", has_text="수락").wait_for()

    center.goto(case_url)
    center.locator(".tabs").get_by_role("link", name="상담일지", exact=True).click()
    center.wait_for_url(re.compile(r"/notes$"))
    center.select_option("#kind", "visit")
    center.fill("#body", VISIT)
    center.get_by_role("button", name="상담일지 저장").click()
    center.locator("#note-list li").first.get_by_text("밑반찬 지원").wait_for()
    expect(center.locator("#flash")).to_contain_text("상담일지를 추가했습니다")
    shot(center, "issue9-partner-note-768")
    _no_horizontal_scroll(center)

    dong.goto(f"{live_server}/notifications/")
    message = dong.locator("#notification-list tbody tr", has_text=found["number"]).first.inner_text()
    assert found["head"] in message and "상담일지" in message, message
    shot(dong, "issue9-lead-notified-1280")
    dong.goto(f"{case_url}/notes")
    note = dong.locator("#note-list li", has_text="밑반찬 지원")
    assert found["center"] in note.inner_text()
    with live_app.app_context():
        assert db.session.get(Case, found["case_id"]).status == found["status"]  # no plan was needed
        db.session.remove()
