"""Another organisation's case is 404 on every URL under /cases, GET and POST, and for admins."""
import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Note

from .conftest import days_ago


def case_rules(app):
    """Every /cases rule with an id converter, as (rule, methods)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/cases") and "case_id" in rule.arguments:
            yield rule


def urls_for(app, rule, case_id, note_id):
    """Concrete URLs for a rule: every value an `any(...)` converter accepts."""
    values = [{"case_id": case_id, "note_id": note_id}]
    for name, converter in rule._converters.items():
        if hasattr(converter, "items"):
            values = [{**v, name: item} for v in values for item in converter.items]
    for v in values:
        yield rule.build({k: v[k] for k in rule.arguments}, append_unknown=False)[1]


@pytest.fixture()
def foreign_case(make, case_in):
    case = case_in("service")
    note = Note(case_id=case.id, kind="visit", contact_on=days_ago(1), body="비밀", author_id=case.manager_id)
    db.session.add(note)
    db.session.flush()
    return case, note


def test_walk_shows_rules(app):
    rules = list(case_rules(app))
    assert len(rules) >= 5  # show, tabs, actions, notes, note edit


@pytest.mark.parametrize("role", ["worker", "supervisor", "viewer", "admin"])
def test_other_org_gets_404_everywhere(app, login, make, foreign_case, role):
    case, note = foreign_case
    outsider = make.user(make.org(), role)
    c = login(outsider)
    checked = 0
    for rule in case_rules(app):
        for url in urls_for(app, rule, case.id, note.id):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
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
