"""A fixed dataset with hand-computed figures (period 2026-01-01 ~ 2026-06-30, Korean days).

Organisation A (한빛1동, public, zone 북부) leads c1..c6; B (a private welfare centre, zone 남부)
leads one case and is A's partner on c3; C (한빛2동, public, zone 북부) only screens two entries.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from caseweb.extensions import db
from caseweb.models import Conference, ConferenceOrg, Linkage, Note, Plan, PlannedService, ScreeningEntry, ScreeningList, Transition
from caseweb.reports.periods import Period

KST = ZoneInfo("Asia/Seoul")
PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
PERIOD_ARGS = "start=2026-01-01&end=2026-06-30"


def kst(*args):
    return datetime(*args, tzinfo=KST)


@pytest.fixture()
def clock():
    with time_machine.travel(kst(2026, 7, 15, 10, 0), tick=False):
        yield


@pytest.fixture()
def world(make, clock):
    north, south = make.zone("북부"), make.zone("남부")
    a = make.org(name="한빛1동 행정복지센터", dong="한빛1동", zone=north)
    b = make.org(name="새솔종합사회복지관", kind="welfare_center", sector="private", programme="welfare_center",
                 zone=south)
    c = make.org(name="한빛2동 행정복지센터", dong="한빛2동", zone=north)
    a_lead, a_worker = make.user(a, "supervisor"), make.user(a, "worker")
    b_lead = make.user(b, "supervisor")

    def case(org, name, **kw):
        return make.case(org, household=make.household(org, head_name=name), **kw)

    c1 = case(a, "가나다", status="service", found_on=date(2026, 1, 5), intake_on=date(2026, 1, 10),
              selected_on=date(2026, 1, 20), kind="case_management", level="general", plan_on=date(2026, 2, 5))
    c2 = case(a, "나다라", status="closed", found_on=date(2026, 1, 25), intake_on=date(2026, 2, 1),
              selected_on=date(2026, 2, 10), kind="case_management", level="high_difficulty",
              plan_on=date(2026, 3, 15), closed_on=date(2026, 4, 1), closure_reason="목표달성")
    c3 = case(a, "다라마", status="linkage", found_on=date(2026, 2, 25), intake_on=date(2026, 3, 1),
              selected_on=date(2026, 3, 5), kind="service_linkage")
    c4 = case(a, "라마바", status="completed", found_on=date(2026, 5, 20), intake_on=date(2026, 5, 25),
              selected_on=date(2026, 5, 28), kind="not_selected", completed_on=date(2026, 5, 28))
    c5 = case(a, "마바사", status="follow_up", found_on=date(2025, 11, 1), intake_on=date(2025, 11, 20),
              selected_on=date(2025, 11, 25), kind="case_management", level="general",
              closed_on=date(2025, 12, 15), closure_reason="전출")
    c6 = case(a, "바사아", status="planning", found_on=date(2026, 5, 15), intake_on=date(2026, 5, 20),
              selected_on=date(2026, 5, 25), kind="case_management", level="general")
    bcase = case(b, "비공개가구", status="screening", found_on=date(2026, 4, 1))
    make.partner(c3, b)
    plan = Plan(case_id=c1.id, planned_on=date(2026, 2, 5))
    plan.services = [PlannedService(service="도시락 배달", provider_org_id=b.id)]
    db.session.add_all([
        Linkage(case_id=c1.id, household_id=c1.household_id, resource_name="긴급 생계비", provider_name="해솔복지재단",
                sector="private", domain="economy", linked_on=date(2026, 2, 20), amount_krw=300_000, org_id=a.id),
        Linkage(case_id=c3.id, household_id=c3.household_id, resource_name="방문 진료", provider_name="보건소",
                sector="public", domain="health", linked_on=date(2026, 3, 10), quantity=1, org_id=a.id),
        Linkage(case_id=c1.id, household_id=c1.household_id, resource_name="쌀 10kg", provider_name="푸드뱅크",
                sector="private", domain="economy", linked_on=date(2025, 12, 20), amount_krw=100_000, org_id=a.id),
    ])
    db.session.add_all([plan, Note(case_id=c5.id, kind="follow_up", contact_on=date(2026, 3, 10), body="사후 점검",
                                   org_id=a.id)])
    db.session.add_all([
        Transition(case_id=c3.id, kind="referral", from_org_id=a.id, to_org_id=b.id, status="accepted",
                   requested_at=kst(2026, 3, 2, 9), answered_at=kst(2026, 3, 4, 9)),
        # 23:30 KST on the last day is inside the period although it is already 14:30 UTC.
        Transition(case_id=c1.id, kind="referral", from_org_id=a.id, to_org_id=b.id, status="declined",
                   requested_at=kst(2026, 6, 30, 23, 30), answered_at=kst(2026, 7, 1, 10)),
        # 23:30 KST on the day before the period: outside, although UTC still says 31 December.
        Transition(case_id=c1.id, kind="referral", from_org_id=a.id, to_org_id=b.id, status="withdrawn",
                   requested_at=kst(2025, 12, 31, 23, 30)),
        Transition(case_id=bcase.id, kind="referral", from_org_id=b.id, to_org_id=a.id, status="declined",
                   requested_at=kst(2026, 4, 10, 0), answered_at=kst(2026, 4, 11, 12)),
        Transition(case_id=c1.id, kind="assign", from_org_id=a.id, to_org_id=a.id, status="completed",
                   requested_at=kst(2026, 2, 1, 9), answered_at=kst(2026, 2, 1, 9)),
    ])
    for when, status, attended in ((kst(2026, 3, 10, 14), "held", (True, False)),
                                   (kst(2026, 5, 1, 10), "confirmed", (None, None)),
                                   (kst(2026, 6, 1, 10), "scheduled", (True, True))):
        conference = Conference(kind="integrated", title=f"통합사례회의 {when:%m-%d}", host_org_id=a.id,
                                starts_at=when, status=status)
        conference.invitations = [ConferenceOrg(org_id=b.id, attended=attended[0]),
                                  ConferenceOrg(org_id=c.id, attended=attended[1])]
        db.session.add(conference)
    screening = ScreeningList(title="1분기 체납 명단", source="utilities", org_id=a.id, received_on=date(2026, 2, 1))
    db.session.add(screening)
    db.session.flush()
    outcomes = [("case_management", date(2026, 2, 10), c1.id), ("service_linkage", date(2026, 2, 11), None),
                ("not_eligible", date(2026, 2, 12), None), ("unreachable", date(2026, 2, 13), None),
                ("refused", date(2026, 2, 14), None), ("refused", date(2026, 7, 1), None)] + [(None, None, None)] * 4
    for n, (outcome, on, case_id) in enumerate(outcomes, 1):
        db.session.add(ScreeningEntry(list_id=screening.id, row_number=n, name=f"대상{n}", name_norm=f"대상{n}",
                                      assigned_org_id=a.id, outcome=outcome, outcome_on=on, case_id=case_id))
    for n in (11, 12):
        db.session.add(ScreeningEntry(list_id=screening.id, row_number=n, name=f"이웃동{n}", name_norm=f"이웃동{n}",
                                      assigned_org_id=c.id, outcome="not_eligible", outcome_on=date(2026, 3, 1)))
    db.session.flush()
    return {"a": a, "b": b, "c": c, "a_lead": a_lead, "a_worker": a_worker, "b_lead": b_lead,
            "cases": {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "b": bcase}}


@pytest.fixture()
def req(app):
    """A request context, for labels translated into the request's (Korean) locale."""
    with app.test_request_context("/"):
        yield
