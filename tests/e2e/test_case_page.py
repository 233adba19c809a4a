"""Issue 9, the case page in a browser at 1280×800 and 768×1024: the next step and where it is done,
the closure form behind a button, a compact header that leaves the forms in view, the printed summary."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Assessment, Case, Plan, User

from .test_foundation import DESKTOP, TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])


def _dong1_case(live_app, status, assessed=False):
    """A case dong1's organisation leads in `status` (without a plan; with an assessment when asked)."""
    with live_app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        query = select(Case.id).where(Case.lead_org_id == dong1.org_id, Case.status == status,
                                      Case.closure_requested_at.is_(None))
        if status == "assessed":
            query = query.where(~select(Plan.id).where(Plan.case_id == Case.id).exists())
        if assessed:
            query = query.where(select(Assessment.id).where(Assessment.case_id == Case.id).exists())
        case_id = db.session.scalar(query.order_by(Case.id))
        db.session.remove()
    assert case_id, f"the demo has no {status} case of dong1's organisation"
    return case_id


def _open(live_server, live_app, page_for, viewport, status, path="", assessed=False):
    """dong1's browser at `viewport` on one of its cases in `status`: (page, case id)."""
    case_id = _dong1_case(live_app, status, assessed)
    page = page_for("dong1", viewport)
    page.goto(f"{live_server}/cases/{case_id}{path}")
    return page, case_id


def _fits(page):
    """No horizontal scroll and no serious accessibility issue."""
    _no_horizontal_scroll(page)
    _axe_clean(page)


@VIEWPORTS
def test_empty_plan_tab_leads_to_the_selection_form(live_server, live_app, page_for, shot, viewport):
    page, case_id = _open(live_server, live_app, page_for, viewport, "assessed", "/plan")
    hint = page.locator(".next-step-hint")
    assert "먼저 할 일" in hint.inner_text() and "개요 탭" in hint.inner_text()
    shot(page, f"case-guidance-plan-tab-{viewport[0]}")
    header = page.locator("#case-header")
    assert "다음 단계" in header.inner_text()
    assert page.locator("#case-next-deadline").inner_text().strip() != "없음"
    hint.get_by_role("link").click()
    page.wait_for_url(f"**/cases/{case_id}#action-select")
    form = page.locator("#action-select")
    assert form.is_visible()
    box = form.bounding_box()
    assert box["y"] < viewport[1], "the link lands on the selection form"
    _fits(page)


@VIEWPORTS
def test_closure_form_opens_from_a_button(live_server, live_app, page_for, shot, viewport):
    page, case_id = _open(live_server, live_app, page_for, viewport, "service")
    shot(page, f"case-overview-{viewport[0]}")
    assert not page.locator("#action-close").is_visible()
    button = page.locator("#action-close-disclosure > summary")
    assert button.is_visible() and button.bounding_box()["height"] >= 44
    button.click()
    page.locator("#action-close").wait_for(state="visible")
    assert page.locator("#close-reason").is_visible()
    shot(page, f"case-closure-open-{viewport[0]}")
    _fits(page)
    page.emulate_media(media="print")  # printing the page itself: what is recorded, no forms or buttons
    assert page.locator("#case-header").is_visible() and page.locator("#referral-panel").is_visible()
    for hidden in ("#action-close", "#action-close-disclosure", "#case-header a.button", ".site-header"):
        assert not page.locator(hidden).is_visible(), hidden
    page.emulate_media(media="screen")


@VIEWPORTS
def test_header_keeps_the_note_form_in_view(live_server, live_app, page_for, shot, viewport):
    page, case_id = _open(live_server, live_app, page_for, viewport, "service", "/notes")
    header = page.locator("#case-header")
    for label in ("최근 연락", "다음 단계"):
        assert label in header.inner_text()
    shot(page, f"case-notes-{viewport[0]}")
    # The form starts on the first screen, its first fields with it (the worker sees where to write).
    assert page.locator("#kind").bounding_box()["y"] + 44 < viewport[1] * 0.75
    if viewport == TABLET:  # the whole form, its save button too
        button = page.locator("#note-form button[type=submit]").bounding_box()
        assert button["y"] + button["height"] < viewport[1]
    _axe_clean(page)


@VIEWPORTS
def test_reassessment_opens_prefilled(live_server, live_app, page_for, shot, viewport):
    page, case_id = _open(live_server, live_app, page_for, viewport, "service", "/assessment", assessed=True)
    page.locator("#action-reassess-disclosure > summary").click()
    page.locator("#action-reassess").wait_for(state="visible")
    levels = page.eval_on_selector_all("#action-reassess select[id^=reassess-need_]", "els => els.map(e => e.value)")
    assert any(level != "0" for level in levels), "the form starts from the last assessment's levels"
    shot(page, f"case-reassess-open-{viewport[0]}")
    _no_horizontal_scroll(page)
    need = page.locator("#reassess-need_health_physical")
    need.select_option("1" if need.input_value() == "3" else "3")
    with page.expect_navigation():
        page.locator("#action-reassess button[type=submit]").click()
    newest = page.locator("section.card", has=page.locator(".assessment-changes")).first
    assert "신체적 건강" in newest.locator("tr.need-changed").inner_text()
    assert "변경" in newest.locator("tr.need-changed .change-tag").inner_text()  # said in words, not colour alone
    assert "건강" in newest.locator(".assessment-changes").inner_text()
    shot(page, f"case-reassessed-{viewport[0]}")
    _fits(page)


@VIEWPORTS
def test_print_summary(live_server, live_app, page_for, shot, viewport):
    page, case_id = _open(live_server, live_app, page_for, viewport, "service", assessed=True)
    with page.expect_navigation():
        page.locator("#case-header").get_by_role("link", name="인쇄").click()
    assert page.url.endswith(f"/cases/{case_id}/print")
    main = page.locator("main")
    for heading in ("가구", "욕구", "서비스 제공계획", "사례 팀", "최근 상담일지"):
        assert main.get_by_role("heading", name=heading).count() >= 1, heading
    assert main.locator("form, input, textarea, select").count() == 0
    shot(page, f"case-print-{viewport[0]}")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator("[data-print]").is_visible()
    page.emulate_media(media="screen")
    _fits(page)
