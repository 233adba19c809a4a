"""Every main page a worker uses passes axe (no serious or critical issue) and fits a tablet."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Case, Consent, Household, Transition, User

from .test_foundation import TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser


def _ids(live_app):
    """One of dong1's cases with a plan and notes, its household, and a referral of its office."""
    with live_app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        case = db.session.scalar(select(Case).where(
            Case.lead_org_id == dong1.org_id, Case.status == "service").order_by(Case.id))
        transition = db.session.scalar(select(Transition).where(
            Transition.from_org_id == dong1.org_id).order_by(Transition.id))
        consent_household = db.session.scalar(select(Consent.household_id).join(Household).where(
            Household.created_by_org_id == dong1.org_id))
        return case.id, case.household_id, transition.id, consent_household


@pytest.mark.parametrize("viewport", [TABLET, (1280, 800)], ids=["tablet", "desktop"])
def test_worker_pages_pass_axe(live_server, live_app, page_for, shot, viewport):
    case_id, household_id, transition_id, consent_household = _ids(live_app)
    page = page_for("dong1", viewport)
    paths = ["/cases/", f"/cases/{case_id}", f"/cases/{case_id}/assessment", f"/cases/{case_id}/plan",
             f"/cases/{case_id}/notes", f"/cases/{case_id}/history", "/households/",
             f"/households/{household_id}", "/households/new", "/referrals/", "/referrals/?box=outbox",
             f"/referrals/{transition_id}", "/notifications/", f"/consents/household/{consent_household}/new", f"/consents/household/{consent_household}",
             "/account/password"]
    for path in paths:
        response = page.goto(f"{live_server}{path}")
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("networkidle")
        _no_horizontal_scroll(page)
        _axe_clean(page)
    shot(page, f"a11y-last-page-{viewport[0]}")
