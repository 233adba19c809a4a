"""Issue 11 on a tablet: dong1lead runs an integrated conference whose decisions reach the case and center1."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseweb.authz import consent_covers
from caseweb.extensions import db
from caseweb.models import AgendaItem, Case, CaseTeam, Conference, Consent, User
from caseweb.timeutil import seoul_today

from .test_foundation import TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser
ACTION = "가정방문 후 정서지원 프로그램 안내"


def _cases(app) -> dict:
    """Two assessed cases of 한빛1동 not on any agenda: one whose consent covers center1, one whose does not."""
    with app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        center = db.session.scalar(select(User).where(User.username == "center1")).org
        hope = db.session.scalar(select(User).where(User.username == "hope1")).org
        free = list(db.session.scalars(select(Case).where(
            Case.lead_org_id == dong1.org_id, Case.status.in_(("intake", "assessed", "service")),
            ~select(AgendaItem.id).where(AgendaItem.case_id == Case.id).exists(),
            ~select(CaseTeam.id).where(CaseTeam.case_id == Case.id, CaseTeam.org_id == center.id).exists())
            .order_by(Case.id)))
        covers = {c.id: db.session.scalar(select(consent_covers(c.household_id, center.id))) for c in free}
        covered = [c for c in free if covers[c.id] and c.status == "assessed"]
        uncovered = [c for c in free if not covers[c.id]]
        if not covered:
            uncovered = [c for c in uncovered if c.status != "assessed"] + [c for c in uncovered
                                                                            if c.status == "assessed"]
        if not covered:  # the household agreed at intake (set up here when the seed gave none)
            assert uncovered and uncovered[-1].status == "assessed", "the demo needs an assessed case of 한빛1동"
            case = uncovered.pop()
            consent = Consent(household_id=case.household_id, kind="third_party", scope="orgs",
                              purpose="통합사례회의 안건 상정", valid_from=seoul_today() - timedelta(days=5))
            consent.recipients = [center]
            db.session.add(consent)
            db.session.commit()
            covered = [case]
        assert uncovered, "the demo needs an assessed case of 한빛1동 without consent for center1"
        found = {"ok": (covered[0].id, covered[0].number), "refused": (uncovered[0].id, uncovered[0].number),
                 "center": center.name, "center_id": center.id, "hope": hope.name}
        db.session.remove()
        return found


def test_integrated_conference_on_a_tablet(live_server, live_app, page_for, shot):
    cases = _cases(live_app)
    page = page_for("dong1lead", TABLET)
    page.on("dialog", lambda dialog: dialog.accept())

    # Schedule an integrated conference and invite center1's welfare centre.
    page.goto(f"{live_server}/conferences/")
    _axe_clean(page)
    page.click("text=회의 등록")
    page.select_option("#kind", "integrated")
    page.fill("#title", "12월 1권역 통합사례회의 (시연)")
    page.fill("#day", (seoul_today() + timedelta(days=2)).isoformat())
    page.fill("#start", "14:00")
    page.fill("#place", "한빛1동 행정복지센터 2층 회의실")
    page.get_by_label(cases["center"], exact=True).check()
    _no_horizontal_scroll(page)
    _axe_clean(page)
    page.click("button:has-text('등록')")
    expect(page.locator(".flash-success")).to_contain_text("회의를 등록했습니다")
    conference_url = page.url.split("#")[0]

    # A case without consent for center1 is refused, naming center1; the covered one is added.
    page.select_option("#case_id", str(cases["refused"][0]))
    page.fill("#question", "사례관리 선정 여부")
    page.click("text=안건으로 추가")
    message = page.locator("#conference-message")
    expect(message).to_contain_text(cases["center"])
    expect(message).to_contain_text("동의")
    expect(page.locator("#question")).to_have_value("사례관리 선정 여부")  # nothing typed is lost
    shot(page, "conference-consent-refused")
    page.select_option("#case_id", str(cases["ok"][0]))
    page.click("text=안건으로 추가")
    expect(page.locator(".flash-success")).to_contain_text("안건으로 추가했습니다")
    item = page.locator("article.agenda-item").first
    expect(item).to_contain_text(cases["ok"][1])

    # Hold it, then write minutes, a selection with center1 as partner, and an action item.
    page.click("button:has-text('개최 완료로 표시')")
    expect(page.locator(".flash-success")).to_contain_text("개최 완료")
    item = page.locator("article.agenda-item").first
    item.locator("textarea[name$='-discussion']").fill("복지관과 역할을 나누어 사례관리로 선정하기로 함.")
    expect(item.locator("[role=status]")).to_contain_text("저장됨", timeout=10000)
    item.locator("summary:has-text('결정 기록하기')").click()
    item.locator("select[name$='-kind']").select_option("selection")
    item.locator("select[name$='-selection_kind']").select_option("case_management")
    item.locator("select[name$='-level']").select_option("general")
    item.locator("button:has-text('결정 기록')").click()
    expect(item.locator(".decisions")).to_contain_text("확정 시 반영")
    item.locator("summary:has-text('결정 기록하기')").click()
    item.locator("select[name$='-kind']").select_option("partner")
    item.locator("select[name$='-org_id']").select_option(str(cases["center_id"]))
    item.locator("button:has-text('결정 기록')").click()
    expect(item.locator(".decisions")).to_contain_text(cases["center"])
    item.locator("summary:has-text('할 일 추가')").click()
    item.locator("input[name$='-what']").fill(ACTION)
    item.locator("select[name$='-assignee_org_id']").select_option(str(cases["center_id"]))
    item.locator("input[name$='-due_on']").fill((seoul_today() + timedelta(days=7)).isoformat())
    item.locator("button:has-text('할 일 추가')").click()
    expect(item.locator(".action-block")).to_contain_text(ACTION)  # added in place (htmx)
    _no_horizontal_scroll(page)
    _axe_clean(page)
    shot(page, "conference-in-the-meeting")

    # Confirm: the decisions take effect in the case.
    page.click("button:has-text('회의록 확정')")
    expect(page.locator(".flash-success")).to_contain_text("결정 2건이 사례에 반영")
    expect(page.locator("textarea[name$='-discussion']")).to_have_count(0)  # read-only now
    _axe_clean(page)
    shot(page, "conference-confirmed")
    for path in ("/print", "/attendance", ""):
        page.goto(conference_url + path)
        _axe_clean(page)
    page.goto(f"{live_server}/conferences/calendar")
    _no_horizontal_scroll(page)
    _axe_clean(page)
    shot(page, "conference-calendar")
    with live_app.app_context():
        case = db.session.get(Case, cases["ok"][0])
        assert (case.status, case.kind, case.level) == ("planning", "case_management", "general")
        team = db.session.scalar(select(CaseTeam).where(CaseTeam.case_id == case.id,
                                                        CaseTeam.org_id == cases["center_id"]))
        assert team.via == "conference" and team.role == "partner"
        conference = db.session.scalar(select(Conference).where(Conference.title == "12월 1권역 통합사례회의 (시연)"))
        assert conference.status == "confirmed"
        db.session.remove()

    # center1 finds the action on its dashboard and the case among its cases.
    center = page_for("center1", TABLET)
    expect(center.locator("#my-actions")).to_contain_text(ACTION)
    _axe_clean(center)
    shot(center, "conference-center1-dashboard")
    center.goto(f"{live_server}/cases/?scope=org&q={cases['ok'][1]}")
    expect(center.locator("main")).to_contain_text(cases["ok"][1])
    center.goto(f"{live_server}/")
    center.locator("#my-actions li", has_text=ACTION).locator("button").click()
    expect(center.locator("#my-actions")).to_contain_text("완료:")
    center.goto(f"{live_server}/")
    expect(center.locator("#my-actions")).not_to_contain_text(ACTION)
