"""center1 on a tablet finds a resource with a two-syllable word, links it from a case's suggestions,
and the stock drops by one; the directory and linkage pages pass axe and fit the tablet."""
import pytest
from sqlalchemy import select

from caseweb.authz import visible_case_clause
from caseweb.extensions import db
from caseweb.models import Case, Resource, User
from caseweb.resources import suggest

from .test_foundation import DESKTOP, TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser


def _case_with_stock_suggestion(app):
    """One of center1's cases whose suggestions include an entry with stock or slots left."""
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == "center1"))

        cases = db.session.scalars(select(Case).where(visible_case_clause(user.org_id), Case.lead_org_id == user.org_id,
                                                      Case.status.in_(("service", "planning", "linkage")))
                                   .order_by(Case.id)).all()
        for case in cases:
            for s in suggest.suggest(case):
                if s.resource.tracks_capacity and s.resource.remaining > 1:
                    found = case.id, s.resource.id, s.resource.name, s.resource.remaining
                    db.session.remove()
                    return found
    db.session.remove()
    pytest.fail("no center1 case has a suggestion with stock left")


def _remaining(app, resource_id):
    with app.app_context():
        value = db.session.get(Resource, resource_id).remaining
        db.session.remove()
    return value


def test_center1_finds_and_links_a_resource_on_a_tablet(live_server, live_app, page_for, shot):
    page = page_for("center1", TABLET)

    # 1. The directory: a two-syllable word finds a part of a longer name, as you type.
    page.goto(f"{live_server}/resources/")
    page.locator("#q").press_sequentially("식품", delay=40)
    page.locator("#resource-results").get_by_text("푸드뱅크 식품 꾸러미").first.wait_for()
    page.wait_for_url("**/resources/?q=*")  # the search is a bookmarkable URL
    _no_horizontal_scroll(page)
    shot(page, "resources-1-directory-search")
    _axe_clean(page)

    # 2. A case's suggestions: link one with stock left.
    case_id, resource_id, name, before = _case_with_stock_suggestion(live_app)
    page.goto(f"{live_server}/cases/{case_id}/plan")
    suggestion = page.locator(f"#suggestion-{resource_id}")
    suggestion.wait_for()
    assert "잔여" in suggestion.inner_text() and "욕구" in suggestion.inner_text()
    shot(page, "resources-2-suggestions")
    suggestion.get_by_role("link", name="연계").click()
    form = page.locator("#link-dialog form")
    form.wait_for()
    assert name in form.inner_text()
    _no_horizontal_scroll(page)
    shot(page, "resources-3-link-form")
    form.get_by_role("button", name="연계 기록").click()
    page.locator("#case-resources").get_by_text(f"연계했습니다: {name}").wait_for()
    shot(page, "resources-4-linked")
    assert _remaining(live_app, resource_id) == before - 1
    assert page.locator("#case-resources table.linkages").get_by_text(name).count() >= 1

    # 3. The linkage page on its own, and the entry's page showing what remains.
    page.goto(f"{live_server}/resources/case/{case_id}")
    _no_horizontal_scroll(page)
    _axe_clean(page)
    page.goto(f"{live_server}/resources/{resource_id}")
    assert f"잔여 {before - 1}" in page.locator("#resource-remaining").inner_text()
    _axe_clean(page)

    # 4. The linkage was a mistake: cancel it from its row; the unit goes back.
    page.goto(f"{live_server}/cases/{case_id}/plan")
    row = page.locator("#case-resources table.linkages tr", has_text=name).first
    row.get_by_role("link", name="수정·취소").click()
    dialog = page.locator("#link-dialog .linkage-change")
    dialog.wait_for()
    _no_horizontal_scroll(page)
    _axe_clean(page)
    shot(page, "resources-5-correct-or-cancel")
    dialog.get_by_label("취소·반환 사유").fill("다른 가구에 드릴 물품이었음")
    dialog.get_by_role("button", name="이 연계 취소").click()
    page.locator("#case-resources").get_by_text(f"연계를 취소했습니다: {name}").wait_for()
    shot(page, "resources-6-cancelled")
    assert _remaining(live_app, resource_id) == before
    assert page.locator("#case-resources tr.linkage-cancelled", has_text=name).count() >= 1


def _make_one_stale(app, username):
    """One entry of the user's organisation, last checked 300 days ago (whatever the demo drew)."""
    from datetime import timedelta
    from caseweb.timeutil import utcnow
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        entry = db.session.scalar(select(Resource).where(Resource.owner_org_id == user.org_id,
                                                         Resource.status == "active").order_by(Resource.id).limit(1))
        entry.assured_at = utcnow() - timedelta(days=300)
        db.session.commit()
        entry_id = entry.id
        db.session.remove()
    return entry_id


def test_owners_re_check_stale_entries_from_the_dashboard(live_server, live_app, page_for, shot):
    entry_id = _make_one_stale(live_app, "center1")
    page = page_for("center1", DESKTOP)
    page.goto(f"{live_server}/")
    line = page.locator(f"#stale-resource-{entry_id}")
    line.wait_for()
    shot(page, "resources-7-dashboard-stale")
    _axe_clean(page)
    line.get_by_role("button", name="확인함").click()
    page.locator(f"#stale-resource-{entry_id}").get_by_text("오늘 확인함").wait_for()
    shot(page, "resources-8-dashboard-checked")
