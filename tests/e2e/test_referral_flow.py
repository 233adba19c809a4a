"""Issue 4: no referral without consent; consent, refer, accept, work together, revoke."""
import re
import struct
import zlib

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseweb.authz import consent_covers
from caseweb.extensions import db
from caseweb.models import Case, CaseTeam, Consent, Transition, User
from caseweb.timeutil import utcnow

pytestmark = pytest.mark.browser

DESKTOP = (1280, 800)
TABLET = (768, 1024)
NOTE = "복지관 방문 상담. 방과후 학습지원 연계 희망하심."


def _png() -> bytes:
    """A tiny valid PNG, standing in for the scan of the signed consent form."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _uncovered_case(app) -> dict:
    """One of 한빛1동's cases in service, not yet shared with center1's welfare center.

    The demo's consents vary from run to run, so when every such case is already covered, the
    covering consents of the first one are set aside here (as if they had lapsed) to start clean.
    """
    with app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        center = db.session.scalar(select(User).where(User.username == "center1")).org
        candidates = (
            select(Case).where(
                Case.lead_org_id == dong1.org_id, Case.status == "service",
                ~select(CaseTeam.id).where(CaseTeam.case_id == Case.id, CaseTeam.org_id == center.id).exists(),
                ~select(Transition.id).where(Transition.case_id == Case.id,
                                             Transition.to_org_id == center.id).exists())
            .order_by(Case.id))
        case = db.session.scalars(candidates.where(~consent_covers(Case.household_id, center.id))).first()
        if case is None:
            case = db.session.scalars(candidates).first()
            assert case is not None, "the demo has no case of 한빛1동 in service"
            for consent in db.session.scalars(select(Consent).where(
                    Consent.household_id == case.household_id, Consent.kind == "third_party",
                    Consent.revoked_at.is_(None))):
                if consent.scope == "network" or center in consent.recipients:
                    consent.revoked_at = utcnow()
            db.session.commit()
        assert not db.session.scalar(select(consent_covers(case.household_id, center.id)))
        found = {"case_id": case.id, "number": case.number, "household_id": case.household_id,
                 "head": case.household.head_name, "center": center.name, "center_id": center.id}
        db.session.remove()
    return found


def _no_horizontal_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: page is {widths[0]}px wide in a {widths[1]}px window"


def _refer(page, center_id, reason, sections=("overview",)):
    panel = page.locator("#referral-panel")
    if not panel.locator("#refer-to_org_id").count():
        panel.get_by_role("link", name="다른 기관에 의뢰").click()  # the form loads on demand (htmx)
        panel = page.locator("#referral-panel")
        panel.locator("#refer-to_org_id").wait_for()
    panel.locator("#refer-to_org_id").select_option(str(center_id))
    panel.locator("#refer-reason").fill(reason)
    for box in panel.locator("input[name=refer-sections]").all():
        box.set_checked(box.get_attribute("value") in sections)
    panel.get_by_role("button", name="의뢰하기", exact=True).click()


def test_consent_referral_and_revocation(live_server, live_app, page_for, shot):
    found = _uncovered_case(live_app)
    case_url = f"{live_server}/cases/{found['case_id']}"
    household_url = f"{live_server}/households/{found['household_id']}"
    dong = page_for("dong1", DESKTOP)

    # 1. No consent for the welfare center: the page says so before anything is filled in,
    #    and the picker never offers an organisation the consent does not cover.
    dong.goto(case_url)
    coverage = dong.locator("#consent-coverage").inner_text()
    assert found["center"] not in coverage
    panel = dong.locator("#referral-panel")
    if panel.locator("#consent-missing").count():
        assert "동의" in panel.locator("#consent-missing").inner_text()
    else:
        panel.get_by_role("link", name="다른 기관에 의뢰").click()
        dong.locator("#refer-org-field").wait_for()
        assert not dong.locator(f"#refer-to_org_id option[value='{found['center_id']}']").count()
    shot(dong, "referral-1-no-consent-said-first")

    # 2. Record a third-party consent for the welfare center from the case, with the signed
    #    form's scan: saving it returns to the case.
    dong.locator("#consent-coverage").get_by_role("link", name="동의 기록").click()
    dong.wait_for_url(re.compile(r"/consents/household/\d+/new\?next="))
    dong.get_by_label("제3자 제공").check()
    dong.get_by_label("지정 기관").check()
    dong.locator("#recipient_ids").get_by_label(found["center"], exact=True).check()
    dong.fill("#purpose", "복지관 학습지원 서비스 연계")
    dong.fill("#items", "성명, 연락처, 욕구 사정 결과")
    dong.set_input_files("#scan", files=[{"name": "동의서.png", "mimeType": "image/png", "buffer": _png()}])
    shot(dong, "referral-2-consent-form")
    dong.get_by_role("button", name="동의 저장").click()
    dong.wait_for_url(case_url)
    assert found["center"] in dong.locator("#consent-coverage").inner_text()
    dong.goto(household_url)
    row = dong.locator("#consent-panel tbody tr", has_text=found["center"]).first
    assert "제3자 제공" in row.inner_text() and "유효" in row.inner_text(), row.inner_text()
    shot(dong, "referral-3-consent-recorded")

    dong.goto(case_url)
    _refer(dong, found["center_id"], "방과후 돌봄과 학습지원이 필요합니다.", sections=("overview", "notes"))
    dong.locator("#flash").get_by_text(found["center"]).wait_for()
    history = dong.locator("#referral-panel .history").inner_text()
    assert found["center"] in history and "의뢰" in history, history
    shot(dong, "referral-4-referred")

    # 3. The welfare center sees the request counted in the navigation and accepts it.
    center = page_for("center1", DESKTOP)
    badge = center.locator(".main-nav a[href*='/referrals'] .badge")
    # A locator wait, not wait_for_function: the CSP forbids the eval that its polling needs.
    expect(badge).to_have_text(re.compile(r"\d+"))
    assert int(badge.inner_text()) > 0
    bell = center.locator("#notification-bell")
    assert bell.is_visible()
    assert "알림" in bell.inner_text()
    shot(center, "referral-5-center-dashboard")
    bell.click()
    center.wait_for_url(re.compile(r"/notifications/?$"))
    message = center.locator("#notification-list tbody tr", has_text=found["number"]).first.inner_text()
    assert "의뢰" in message, message
    shot(center, "referral-5-notifications")

    center.goto(f"{live_server}/referrals")
    row = center.locator("#referral-list tbody tr", has_text=found["number"])
    assert found["center"] not in row.inner_text()  # the inbox names the sender
    assert "요청" in row.inner_text() and found["head"] in row.inner_text()  # whom it is about, before opening it
    shot(center, "referral-6-inbox")
    tablet = page_for("center1", TABLET)
    tablet.goto(f"{live_server}/referrals")
    shot(tablet, "referral-6-inbox-768")
    _no_horizontal_scroll(tablet)

    row.get_by_role("button", name="수락").click()
    row = center.locator("#referral-list tbody tr", has_text=found["number"])
    row.locator(".status", has_text="수락").wait_for()
    assert row.get_by_role("button", name="수락").count() == 0
    shot(center, "referral-7-accepted")

    center.goto(case_url)
    assert center.get_by_role("heading", level=1).count() == 1
    center.locator(".tabs").get_by_role("link", name="상담일지", exact=True).click()
    center.wait_for_url(re.compile(r"/notes$"))
    center.select_option("#kind", "visit")
    center.fill("#body", NOTE)
    center.get_by_role("button", name="상담일지 저장").click()
    center.locator("#note-list li").first.get_by_text("방과후 학습지원").wait_for()
    shot(center, "referral-8-center-note")

    # 4. The dong office sees its partner and the partner's note.
    dong.goto(case_url)
    team = dong.locator("#referral-panel table tbody tr", has_text=found["center"])
    assert "협력" in team.inner_text(), team.inner_text()
    shot(dong, "referral-9-team")
    dong.goto(f"{case_url}/notes")
    dong.locator("#note-list li", has_text="방과후 학습지원").wait_for()
    shot(dong, "referral-10-partner-note")

    # 5. The household withdraws its consent: the welfare center loses the case at once.
    dong.goto(household_url)
    consent_row = dong.locator("#consent-panel tbody tr", has_text=found["center"]).first
    consent_row.get_by_label("철회 사유").fill("대상자가 정보 제공을 원하지 않음")
    consent_row.get_by_role("button", name="동의 철회").click()
    dong.locator("#consent-panel tbody tr", has_text=found["center"]).first.get_by_text("철회됨").wait_for()
    shot(dong, "referral-11-consent-revoked")

    response = center.goto(case_url)
    assert response.status == 404
    assert found["head"] not in center.content()
    shot(center, "referral-12-center-404")
