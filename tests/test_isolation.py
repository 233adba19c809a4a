"""Deny by default across organisations: every route that takes an id of another
organisation's object answers 404 (never 403, never a hint), for GET and POST,
and changes nothing. Walks app.url_map so a new route cannot be forgotten."""
import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, Case, CaseEvent, Consent, Note, Notification, Transition

from . import routes

ID_KINDS = ("case_id", "household_id", "note_id", "transition_id", "consent_id", "notification_id")


@pytest.fixture()
def foreign(make):
    """Organisation A's world: a household, a case with a note, consent, a referral, a notification."""
    a = make.org(name="A동 행정복지센터")
    a_worker = make.user(a, "worker")
    other = make.org(name="A 협력기관", kind="welfare_center", sector="private", programme="welfare_center")
    case = make.case(a, manager=a_worker, status="service")
    note = Note(case_id=case.id, kind="visit", contact_on=case.found_on, body="A의 상담", author_id=a_worker.id,
                org_id=a.id)
    consent = make.consent(case.household, recipients=[other], user=a_worker, scan_path="consents/x.pdf",
                           scan_filename="x.pdf", scan_mime="application/pdf", scan_size=10)
    transition = Transition(case_id=case.id, kind="referral", from_org_id=a.id, to_org_id=other.id,
                            from_user_id=a_worker.id, reason="의뢰")
    notification = Notification(user_id=a_worker.id, kind="referral_received", message="새 의뢰", link="/")
    db.session.add_all([note, transition, notification])
    db.session.flush()
    return {"case_id": case.id, "household_id": case.household_id, "note_id": note.id,
            "transition_id": transition.id, "consent_id": consent.id, "notification_id": notification.id}


def _snapshot():
    return (db.session.scalar(select(func.count(CaseEvent.id))),
            db.session.scalar(select(func.count(Note.id))),
            db.session.scalar(select(func.count(Transition.id))),
            db.session.scalar(select(func.count(Consent.id)).where(Consent.revoked_at.is_not(None))),
            db.session.scalar(select(func.count(Notification.id)).where(Notification.read_at.is_not(None))),
            tuple(db.session.execute(select(Case.status, Case.version, Case.manager_id, Case.lead_org_id)).all()))


@pytest.mark.parametrize("role", ["worker", "supervisor", "viewer"])
def test_every_id_route_is_404_for_another_organisation(app, make, login, foreign, role):
    outsider = make.user(make.org(name="B동 행정복지센터"), role)
    client = login(outsider)
    before = _snapshot()
    checked = []
    for rule, method in [(rule, method) for rule in routes.rules(app, args=ID_KINDS)
                         if not rule.rule.startswith("/admin") for method in routes.methods(rule)]:
        url = routes.urls(rule, foreign)[0]
        missing = routes.urls(rule)[0]
        data = {"reason": "확인", "body": "덮어쓰기", "worker_id": outsider.id, "version": 1,
                "refer-to_org_id": outsider.org_id, "refer-reason": "x", "refer-sections": ["overview"]}
        send = (lambda u: client.get(u)) if method == "GET" else (lambda u: client.post(u, data=data))
        status, status_missing = send(url).status_code, send(missing).status_code
        # 404, or a 403 that the role earns for any id (existing or not): never a hint.
        assert status in (403, 404) and status == status_missing, \
            f"{method} {url} answered {status} to another organisation's {role} ({status_missing} for no object)"
        checked.append(f"{method} {url}")
    assert len(checked) >= 25, checked  # the walk really covered the id routes
    db.session.expire_all()
    assert _snapshot() == before
    # Nothing was logged as a read of A's household by B.
    assert not db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.user_id == outsider.id, AccessLog.household_id == foreign["household_id"]))
