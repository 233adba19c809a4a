"""Partners on the case team write their own notes whatever their sections, at any open step;
their contact counts for the team's monitoring deadline; the lead hears of it and can widen or
narrow what a partner sees (recorded). Partners cannot rewrite the lead's notes."""
from datetime import timedelta

from sqlalchemy import select

from caseweb.cases.deadlines import recompute_due
from caseweb.extensions import db
from caseweb.models import CaseEvent, Note, Notification
from caseweb.timeutil import seoul_today

TODAY = seoul_today()


def _partner(make, case, sections=None):
    partner_org = make.org(kind="welfare_center", sector="private", programme="welfare_center",
                           name="행복종합사회복지관")
    make.partner(case, partner_org, sections=sections)
    make.consent(case.household, recipients=[partner_org])
    return make.user(partner_org, "worker")


def _visit(client, case, body="복지관 가정방문", next_due=None):
    data = {"kind": "visit", "contact_on": TODAY.isoformat(), "body": body}
    if next_due:
        data["next_due"] = next_due.isoformat()
    return client.post(f"/cases/{case.id}/notes", data=data)


def test_partner_contact_counts_but_does_not_move_the_leads_later_deadline(login, make, case_in):
    case = case_in("service", last_contact_on=TODAY - timedelta(days=10), next_contact_due=TODAY + timedelta(days=3))
    partner = _partner(make, case)
    r = _visit(login(partner), case, next_due=TODAY + timedelta(days=60))
    assert r.status_code in (200, 302), r.status_code
    db.session.refresh(case)
    assert case.next_contact_due == TODAY + timedelta(days=3)
    assert case.last_contact_on == TODAY
    assert db.session.query(Note).filter_by(case_id=case.id, org_id=partner.org_id).count() == 1


def test_partner_visit_clears_the_overdue_monitoring_deadline(login, make, case_in):
    case = case_in("service", last_contact_on=TODAY - timedelta(days=40), next_contact_due=TODAY - timedelta(days=5))
    recompute_due(case)
    assert case.due_on < TODAY
    partner = _partner(make, case, sections=["overview"])
    _visit(login(partner), case)
    db.session.refresh(case)
    assert case.next_contact_due is None and case.last_contact_on == TODAY
    assert case.due_on > TODAY  # the interval now runs from the partner's visit


def test_partner_with_narrow_sections_writes_before_the_plan_and_reads_only_its_own_notes(
        login, make, worker, org, case_in):
    case = case_in("assessed")  # the lead has no plan yet
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=TODAY, body="주관기관만 아는 내용",
                        author_id=worker.id, org_id=org.id))
    partner = _partner(make, case, sections=["overview"])
    c = login(partner)
    page = c.get(f"/cases/{case.id}/notes")
    assert page.status_code == 200
    assert "주관기관만 아는 내용" not in page.get_data(as_text=True)
    assert _visit(c, case, body="복지관 첫 방문").status_code == 302
    page = c.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert "복지관 첫 방문" in page and "주관기관만 아는 내용" not in page
    assert c.get(f"/cases/{case.id}/assessment").status_code == 404  # its sections still hold


def test_the_lead_is_told_naming_the_household(login, make, worker, case_in):
    case = case_in("service")
    case.manager = worker
    db.session.flush()
    _visit(login(_partner(make, case)), case)
    told = db.session.scalars(select(Notification).where(Notification.user_id == worker.id)).all()
    assert [n.kind for n in told] == ["partner_note"]
    listing = login(worker).get("/notifications/").get_data(as_text=True)
    assert case.household.head_name in listing and case.number in listing


def test_lead_widens_and_narrows_a_partners_sections(login, make, worker, org, case_in):
    case = case_in("service")
    db.session.add(Note(case_id=case.id, kind="phone", contact_on=TODAY, body="주관기관 통화 기록",
                        author_id=worker.id, org_id=org.id))
    partner = _partner(make, case, sections=["overview"])
    lead = login(worker)
    url = f"/referrals/case/{case.id}/team/{partner.org_id}/sections"
    assert lead.post(url, data={"sections": ["overview", "notes", "plan"]}).status_code == 302
    assert "주관기관 통화 기록" in login(partner).get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert lead.post(url, data={"sections": ["overview"]}).status_code == 302
    assert "주관기관 통화 기록" not in login(partner).get(f"/cases/{case.id}/notes").get_data(as_text=True)
    changes = [e.detail["sections"] for e in db.session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "team_sections").order_by(CaseEvent.id))]
    assert changes == [[["overview"], ["overview", "plan", "notes"]], [["overview", "plan", "notes"], ["overview"]]]
    assert lead.post(url, data={}).status_code == 422  # at least one section
    # The partner cannot widen its own sections.
    assert login(partner).post(url, data={"sections": ["overview", "assessment"]}).status_code == 422
    assert db.session.get(type(case.team[0]), case.team[-1].id).sections == ["overview"]


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
