"""`flask retention purge`: completed cases past retention go; a destruction record stays."""
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import (AccessLog, Case, Consent, DestructionRecord, Household, HouseholdMember, Note,
                            Transition)

from .households.helpers import valid_rrn

NOW = datetime(2030, 6, 15, 3, 0, tzinfo=timezone.utc)  # 2030-06-15 12:00 KST; 5 years back: 2025-06-15
RRN = valid_rrn("700101123456")


@pytest.fixture()
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture()
def district(app, make, clock):
    """Household A: one case completed 2024 (due). B: an old completed case and an open one.
    C: completed 2026 (kept). D: closed 2020 but not completed (kept)."""
    org = make.org(name="보존동 행정복지센터")
    worker = make.user(org, name="보존담당")
    a = make.household(org, head_name="파기될사람", rrn=RRN, address="비밀로 1")
    db.session.add(HouseholdMember(household_id=a.id, name="파기될자녀", relation="child"))
    old = make.case(org, a, manager=worker, status="completed", closed_on=date(2023, 12, 1),
                    completed_on=date(2024, 6, 1))
    db.session.add(Note(case_id=old.id, kind="visit", contact_on=date(2023, 5, 1), body="민감한 상담 내용",
                        author_id=worker.id, org_id=org.id))
    other = make.org(name="보존복지관", kind="welfare_center", sector="private")
    db.session.add(Transition(case_id=old.id, kind="referral", from_org_id=org.id, to_org_id=other.id,
                              status="completed", reason="의뢰 사유"))
    scan_dir = Path(app.config["UPLOAD_FOLDER"]) / "consents"
    scan_dir.mkdir(parents=True, exist_ok=True)
    (scan_dir / "retention-test.pdf").write_bytes(b"%PDF-1.4 signed form")
    consent = make.consent(a, [org], user=worker)
    consent.scan_path = "consents/retention-test.pdf"
    b = make.household(org, head_name="남을사람")
    b_old = make.case(org, b, status="completed", completed_on=date(2022, 1, 10))
    b_open = make.case(org, b, status="monitoring")
    c = make.household(org, head_name="아직보존")
    c_case = make.case(org, c, status="completed", completed_on=date(2026, 1, 5))
    d = make.household(org, head_name="종결만됨")
    d_case = make.case(org, d, status="closed", closed_on=date(2020, 3, 1))
    db.session.flush()
    return {"a": a, "old": old, "b": b, "b_old": b_old, "b_open": b_open, "c_case": c_case, "d_case": d_case,
            "scan": scan_dir / "retention-test.pdf", "org": org}


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _run(app, *args, input=None):
    result = app.test_cli_runner().invoke(args=["retention", "purge", *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_lists_what_would_go_and_destroys_nothing(app, district):
    output = _run(app, "--dry-run")
    assert district["old"].number in output and district["b_old"].number in output
    assert district["c_case"].number not in output and district["d_case"].number not in output
    assert "파기될사람" not in output and "dry run" in output
    assert _count(Case) == 5 and _count(Household) == 4 and _count(DestructionRecord) == 0
    assert district["scan"].exists()


def test_purge_destroys_due_cases_and_orphaned_households_and_keeps_a_record(app, district):
    a, old = district["a"], district["old"]
    output = _run(app, "--yes", "--by", "retention-admin")
    assert "destroyed 2 case(s), 1 household(s), 1 scanned form(s)" in output
    remaining = set(db.session.scalars(select(Case.number)))
    assert remaining == {district["b_open"].number, district["c_case"].number, district["d_case"].number}
    assert _count(Household, Household.id == a.id) == 0
    assert _count(HouseholdMember, HouseholdMember.household_id == a.id) == 0
    assert _count(Consent, Consent.household_id == a.id) == 0
    assert _count(Note) == 0 and _count(Transition) == 0
    assert not district["scan"].exists()
    assert _count(Household, Household.id == district["b"].id) == 1  # it still has an open case

    records = {r.case_number: r for r in db.session.scalars(select(DestructionRecord))}
    assert set(records) == {old.number, district["b_old"].number}
    record = records[old.number]
    assert (record.programme, record.lead_org_name, record.completed_on, record.purged_by) == (
        "integrated", "보존동 행정복지센터", date(2024, 6, 1), "retention-admin")
    assert record.household_destroyed and not records[district["b_old"].number].household_destroyed
    counts = json.loads(record.counts)
    assert counts["cases"] == 1 and counts["notes"] == 1 and counts["households"] == 1
    assert counts["household_members"] == 1 and counts["consents"] == 1 and counts["files"] == 1
    # No personal data in the record.
    text = " ".join(str(getattr(record, c.key)) for c in DestructionRecord.__table__.columns)
    for personal in ("파기될사람", "파기될자녀", "비밀로", "민감한", "의뢰 사유", RRN[:6], "보존담당"):
        assert personal not in text
    assert _count(AccessLog, AccessLog.action == "retention_purge") == 2


def test_purge_asks_before_destroying(app, district):
    result = app.test_cli_runner().invoke(args=["retention", "purge"], input="n\n")
    assert result.exit_code != 0 and _count(Case) == 5


def test_retention_period_is_configurable(app, district, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_YEARS", 3)  # cutoff 2027-06-15: C's case is due too
    output = _run(app, "--dry-run")
    assert district["c_case"].number in output
