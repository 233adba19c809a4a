"""Partners write notes on a shared case, but cannot rewrite the lead's notes or move its deadlines."""
from datetime import timedelta

from caseweb.extensions import db
from caseweb.models import Note
from caseweb.timeutil import seoul_today

TODAY = seoul_today()


def _partner(make, case):
    partner_org = make.org(kind="welfare_center", sector="private", programme="welfare_center")
    make.partner(case, partner_org)
    make.consent(case.household, recipients=[partner_org])
    return make.user(partner_org, "worker")


def test_partner_note_does_not_move_the_leads_deadline(login, make, org, worker, case_in):
    case = case_in("service", last_contact_on=TODAY - timedelta(days=10),
                   next_contact_due=TODAY + timedelta(days=3))
    partner = _partner(make, case)
    r = login(partner).post(f"/cases/{case.id}/notes", data={
        "kind": "visit", "contact_on": TODAY.isoformat(), "body": "복지관 방문 상담",
        "next_due": (TODAY + timedelta(days=60)).isoformat()})
    assert r.status_code in (200, 302), r.status_code
    db.session.refresh(case)
    assert case.next_contact_due == TODAY + timedelta(days=3)
    assert case.last_contact_on == TODAY - timedelta(days=10)
    assert db.session.query(Note).filter_by(case_id=case.id, org_id=partner.org_id).count() == 1


def test_partner_cannot_edit_the_leads_note(login, make, org, worker, case_in):
    case = case_in("service")
    note = Note(case_id=case.id, kind="visit", contact_on=TODAY, body="주관기관 기록",
                author_id=worker.id, org_id=org.id)
    db.session.add(note)
    db.session.flush()
    partner = _partner(make, case)
    c = login(partner)
    notes_tab = c.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert "주관기관 기록" in notes_tab
    assert f"/cases/{case.id}/notes/{note.id}/edit" not in notes_tab
    assert c.get(f"/cases/{case.id}/notes/{note.id}/edit").status_code == 404
    r = c.post(f"/cases/{case.id}/notes/{note.id}/edit", data={
        "version": note.version, "contact_on": TODAY.isoformat(), "body": "덮어쓰기"})
    assert r.status_code == 404
    db.session.refresh(note)
    assert note.body == "주관기관 기록"
