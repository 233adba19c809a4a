"""The 이력 tab is the team's timeline in Korean words: every kind of entry, newest first, no codes."""
import re
from datetime import datetime, timedelta, timezone

from caseweb.cases.timeline import EVENT_LABELS
from caseweb.extensions import db
from caseweb.models import CaseEvent, Note
from caseweb.timeutil import seoul_today

TODAY = seoul_today()
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


def _detail(action, lead, partner, worker):
    """A detail shaped like the one the service writing `action` stores."""
    if action.startswith(("referral_", "transfer_")) or action == "case_assigned":
        kind = "assign" if action == "case_assigned" else action.split("_")[0]
        detail = {"transition_id": 1, "kind": kind, "from_org_id": lead.id, "to_org_id": partner.id}
        if action.endswith("_declined"):
            detail.update(reason="정원 초과", declined_by="provider")
        if action == "case_assigned":
            detail["worker_id"] = worker.id
        if action.endswith("_rerouted"):
            detail["rerouted_to"] = 2
        return detail
    if action == "team_sections":
        return {"partner_org_id": [None, partner.id], "sections": [["overview"], ["overview", "notes"]]}
    if action == "consent_revoked":
        return {"consent_id": 1, "org_id": partner.id}
    if action.startswith("conference_"):
        return {"conference_id": 1, "decision_id": 1, "org_id": partner.id}
    return {"status": ["service", "closed"], "kind": [None, "case_management"], "level": ["general", "high_difficulty"],
            "programme": [None, "integrated"], "closed_on": [None, TODAY.isoformat()], "note_kind": [None, "visit"],
            "suggested_level": [None, "high_difficulty"], "goals": [None, 3], "note_id": [None, 1],
            "body": ["…", "…"], "closure_reason": [None, "목표달성"], "comment": [None, "확인 바랍니다"]}


def test_every_entry_kind_reads_in_korean_newest_first(login, make, org, worker, case_in):
    case = case_in("service")
    partner = make.org(name="한빛종합사회복지관", kind="welfare_center")
    for i, action in enumerate(EVENT_LABELS):
        db.session.add(CaseEvent(case_id=case.id, user_id=worker.id, org_id=org.id, action=action,
                                 at=T0 + timedelta(hours=i), detail=_detail(action, org, partner, worker)))
    db.session.add(CaseEvent(case_id=case.id, user_id=None, org_id=None, action="referral_received",
                             at=T0, detail=_detail("referral_received", org, partner, worker)))
    db.session.add(CaseEvent(case_id=case.id, user_id=worker.id, org_id=org.id, action="something_new",
                             at=T0, detail={"mystery_field": ["a", "b"]}))
    db.session.add(Note(case_id=case.id, kind="visit", contact_on=TODAY, body="가정방문, 식사 확인",
                        author_id=worker.id, org_id=org.id, created_at=T0 + timedelta(days=30)))
    consent = make.consent(case.household, recipients=[partner], user=worker)
    consent.recorded_at = T0 - timedelta(days=1)
    consent.revoked_at, consent.revoked_by_id = T0 + timedelta(days=31), worker.id
    db.session.flush()

    html = login(worker).get(f"/cases/{case.id}/history").get_data(as_text=True)
    timeline = re.search(r'<ol class="timeline".*?</ol>', html, re.S).group(0)
    text = re.sub(r"<[^>]+>", " ", timeline)
    english = sorted(set(re.findall(r"[A-Za-z_]{2,}", text)))
    assert english == [], english
    for label in ("의뢰", "이관", "공유 범위", "동의", "가정방문", "한빛종합사회복지관", worker.name, org.name):
        assert label in text, label
    times = re.findall(r'<time datetime="([^"]+)"', timeline)
    assert times == sorted(times, reverse=True) and len(times) == len(EVENT_LABELS) - 1 + 5  # note_added: the note itself is the entry


def test_partner_without_notes_section_sees_no_lead_note_in_the_timeline(login, make, org, worker, case_in):
    case = case_in("service")
    db.session.add(Note(case_id=case.id, kind="phone", contact_on=TODAY, body="주관기관 통화 내용",
                        author_id=worker.id, org_id=org.id))
    partner_org = make.org()
    make.partner(case, partner_org, sections=["overview", "history"])
    make.consent(case.household, recipients=[partner_org])
    html = login(make.user(partner_org)).get(f"/cases/{case.id}/history").get_data(as_text=True)
    assert "주관기관 통화 내용" not in html
