"""An htmx action's flash message shows once, on the page where it happened, and not on the next one."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Case, Consent, Organization, User
from caseweb.timeutil import seoul_today

pytestmark = pytest.mark.browser

REVOKED = "동의를 철회했습니다."


def _fresh_consent(app) -> dict:
    """A collect-use consent recorded for one of dong1's households, so revoking it changes no one's access."""
    with app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        case = db.session.scalars(select(Case).where(Case.lead_org_id == dong1.org_id).order_by(Case.id)).first()
        consent = Consent(household_id=case.household_id, kind="collect_use", scope="orgs",
                          purpose="브라우저 시험용 동의", valid_from=seoul_today(), recorded_by_id=dong1.id)
        consent.recipients = [db.session.get(Organization, dong1.org_id)]
        db.session.add(consent)
        db.session.commit()
        found = {"household_id": case.household_id, "consent_id": consent.id}
        db.session.remove()
    return found


def test_htmx_flash_appears_once_on_the_current_page(live_server, live_app, page_for, shot):
    found = _fresh_consent(live_app)
    page = page_for("dong1")
    page.goto(f"{live_server}/households/{found['household_id']}")
    row = page.locator(f"#consent-{found['consent_id']}")
    row.get_by_label("철회 사유").fill("대상자 본인 요청")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="동의 철회").click()
    page.locator("#flash").get_by_text(REVOKED).wait_for()
    assert f"/households/{found['household_id']}" in page.url  # answered in place, no page load
    assert page.get_by_text(REVOKED).count() == 1
    shot(page, "htmx-flash-1-on-the-current-page")

    page.goto(f"{live_server}/cases/")
    page.get_by_role("heading", level=1).first.wait_for()
    assert page.get_by_text(REVOKED).count() == 0, page.locator("#flash").inner_text()
    page.goto(f"{live_server}/households/{found['household_id']}")
    assert page.get_by_text(REVOKED).count() == 0
    shot(page, "htmx-flash-2-not-on-the-next-page")
