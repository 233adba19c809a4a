"""Another organisation's case is 404 on every URL under /cases, GET and POST, and for admins."""
import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Note

from .. import routes
from .conftest import days_ago


@pytest.fixture()
def foreign_case(make, case_in):
    case = case_in("service")
    note = Note(case_id=case.id, kind="visit", contact_on=days_ago(1), body="비밀", author_id=case.manager_id)
    db.session.add(note)
    db.session.flush()
    return case, note


def test_walk_shows_rules(app):
    rules = routes.rules(app, "/cases", args=["case_id"])
    assert len(rules) >= 5  # show, tabs, actions, notes, note edit


@pytest.mark.parametrize("role", ["worker", "supervisor", "viewer", "admin"])
def test_other_org_gets_404_everywhere(app, login, make, foreign_case, role):
    case, note = foreign_case
    outsider = make.user(make.org(), role)
    c = login(outsider)
    checked = 0
    for rule in routes.rules(app, "/cases", args=["case_id"]):
        for url in routes.urls(rule, {"case_id": case.id, "note_id": note.id}):
            for method in routes.methods(rule):
                r = c.open(url, method=method, data={"version": case.version, "body": "x"})
                assert r.status_code == 404, (method, url, r.status_code)
                checked += 1
    assert checked >= 17  # show + 4 tabs + 9 actions + note add + note edit GET/POST
    assert db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.household_id == case.household_id)) == 0


def test_own_admin_gets_404_too(app, login, make, org, foreign_case):
    case, _note = foreign_case
    c = login(make.user(org, "admin"))
    assert c.get(f"/cases/{case.id}").status_code == 404


def test_partner_without_consent_gets_404(login, make, case_in):
    case = case_in("service")
    partner_org = make.org()
    make.partner(case, partner_org)
    c = login(make.user(partner_org, "worker"))
    assert c.get(f"/cases/{case.id}").status_code == 404
    make.consent(case.household, recipients=[partner_org])
    assert c.get(f"/cases/{case.id}").status_code == 200
