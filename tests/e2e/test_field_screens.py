"""Screenshots of the screens a field worker's day turns on, at desk and tablet size.

CASEWEB_SHOT_PREFIX names the set (``before`` was taken from main before issue 9's
changes; ``after`` by default). The pages must answer 200, fit the window and pass axe.
"""
import os

import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Case, User

from .test_foundation import DESKTOP, TABLET, _axe_clean, _no_horizontal_scroll

pytestmark = pytest.mark.browser
PREFIX = os.environ.get("CASEWEB_SHOT_PREFIX", "after")


def _service_case(live_app):
    with live_app.app_context():
        dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
        return db.session.scalar(select(Case.id).where(
            Case.lead_org_id == dong1.org_id, Case.status == "service").order_by(Case.id))


SCREENS = [
    ("case", "dong1", "/cases/{case_id}"),
    ("history", "dong1", "/cases/{case_id}/history"),
    ("team-board", "dong1lead", os.environ.get("CASEWEB_TEAM_PATH", "/team")),
    ("today", "center1", os.environ.get("CASEWEB_TODAY_PATH", "/today")),
]


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])
@pytest.mark.parametrize("name,user,path", SCREENS, ids=[s[0] for s in SCREENS])
def test_field_screen(live_server, live_app, page_for, shot, viewport, name, user, path):
    page = page_for(user, viewport)
    response = page.goto(f"{live_server}{path.format(case_id=_service_case(live_app))}")
    page.wait_for_load_state("networkidle")
    shot(page, f"issue9-{PREFIX}-{name}-{viewport[0]}")
    assert response.status == 200
    _no_horizontal_scroll(page)
    _axe_clean(page)
