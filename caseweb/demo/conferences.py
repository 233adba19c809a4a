"""Demo conferences: the zone's monthly integrated conference (last month confirmed, next month
scheduled), an upcoming one with a case center1 may not see, and a solution committee with
external experts. Past decisions are already in the cases (the stories made them), so here
they are recorded as applied, with their history entries linking back.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (ActionItem, AgendaItem, Attendee, Case, CaseEvent, CaseTeam, Conference, ConferenceLog,
                      ConferenceOrg, ConferenceSeries, Consent, Decision)
from ..referrals.services import consent_allows
from ..timeutil import SEOUL


def _at(day, hour=14):
    return datetime.combine(day, time(hour, 0), tzinfo=SEOUL)


def _conference(demo, host, kind, title, day, orgs, status, place="한빛1동 행정복지센터 2층 회의실", series=None):
    c = Conference(kind=kind, title=title, host_org_id=demo.orgs[host].id, starts_at=_at(day), minutes_long=120,
                   place=place, status=status, series=series, created_by_id=demo.users[f"{host}lead"].id,
                   created_at=_at(day - timedelta(days=14), 10))
    c.invitations = [ConferenceOrg(org_id=demo.orgs[s].id, attended=True if status != "scheduled" else None)
                     for s in orgs]
    db.session.add(c)
    c.log.append(ConferenceLog(at=c.created_at, user_id=c.created_by_id, action="scheduled"))
    demo.counts["conferences"] += 1
    return c


def _confirm(demo, c, host):
    c.status, c.confirmed_at, c.confirmed_by_id = "confirmed", c.starts_at + timedelta(days=1), \
        demo.users[f"{host}lead"].id
    c.log.append(ConferenceLog(at=c.starts_at + timedelta(hours=2), user_id=c.confirmed_by_id, action="held"))
    c.log.append(ConferenceLog(at=c.confirmed_at, user_id=c.confirmed_by_id, action="confirmed"))


def _item(c, case, org, question, discussion=None, position=1):
    item = AgendaItem(conference=c, case_id=case.id, presenting_org_id=org.id, presenter_id=case.manager_id,
                      question=question, discussion=discussion, position=position)
    db.session.add(item)
    return item


def _applied(c, item, case, kind, **fields):
    d = Decision(item=item, kind=kind, applied_at=c.confirmed_at, created_by_id=c.confirmed_by_id, **fields)
    db.session.add(d)
    db.session.flush()
    db.session.add(CaseEvent(case_id=case.id, at=c.confirmed_at, user_id=c.confirmed_by_id, org_id=c.host_org_id,
                             action=f"conference_{kind}", detail={"conference_id": c.id, "decision_id": d.id}))


def _covered(case, org_ids) -> bool:
    return all(o == case.lead_org_id or consent_allows(case, o) for o in org_ids)


def _ensure_consent(demo, case, orgs) -> None:
    """The household agreed to share with the conference's organisations (recorded at intake)."""
    if _covered(case, [o.id for o in orgs]):
        return
    start = case.intake_on or case.found_on
    consent = Consent(household_id=case.household_id, kind="third_party", scope="orgs",
                      purpose="통합사례회의 안건 상정 및 협력기관 서비스 연계", items="성명, 연락처, 욕구 사정 결과",
                      valid_from=start, valid_until=start + timedelta(days=3 * 365), recorded_by_id=case.manager_id,
                      recorded_by_org_id=case.lead_org_id, recorded_at=demo.at(start))
    consent.recipients = list(orgs)
    db.session.add(consent)
    db.session.flush()


def _cases(demo, lead, statuses, partner=None):
    query = select(Case).where(Case.lead_org_id == demo.orgs[lead].id, Case.status.in_(statuses)).order_by(Case.id)
    if partner:
        query = query.join(CaseTeam, CaseTeam.case_id == Case.id).where(
            CaseTeam.org_id == demo.orgs[partner].id, CaseTeam.active.is_(True))
    return list(db.session.scalars(query))


def build_conferences(demo) -> None:
    today = demo.today
    dong1, center1, hope = demo.orgs["dong1"], demo.orgs["center1"], demo.orgs["hope"]
    series = ConferenceSeries(host_org_id=dong1.id, rule="monthly")
    db.session.add(series)

    # Last month's zone conference, confirmed: a case dong1 leads with center1 as partner.
    past = _conference(demo, "dong1", "integrated", "1권역 통합사례회의", today - timedelta(days=26),
                       ["center1", "hope"], "held", series=series)
    _confirm(demo, past, "dong1")
    shared = [c for c in _cases(demo, "dong1", ("service", "planning"), partner="center1")
              if _covered(c, [center1.id, hope.id])]
    if not shared:  # a small demo: the conference itself made center1 a partner of two dong1 cases
        shared = _cases(demo, "dong1", ("service", "planning"))[:2]
        for case in shared:
            _ensure_consent(demo, case, [center1, hope])
            db.session.add(CaseTeam(case_id=case.id, org_id=center1.id, role="partner", via="conference",
                                    since=past.starts_at + timedelta(days=1)))
    for n, case in enumerate(shared[:2], start=1):
        item = _item(past, case, dong1, "서비스 제공 계획과 복지관 역할 분담",
                     "복지관이 주 1회 밑반찬 지원과 정서지원 프로그램을 맡기로 함. 동 행정복지센터는 긴급지원 신청을 진행.",
                     position=n)
        db.session.flush()
        if case.kind:
            _applied(past, item, case, "selection", selection_kind=case.kind, level=case.level)
        _applied(past, item, case, "partner", org_id=center1.id)
        db.session.add(ActionItem(conference=past, item=item, assignee_org_id=center1.id,
                                  assignee_user_id=demo.users["center1"].id, what="밑반찬 지원 연계 후 결과 회신",
                                  due_on=today + timedelta(days=3 + n), created_by_id=past.confirmed_by_id))
    db.session.add(ActionItem(conference=past, assignee_org_id=center1.id, what="다음 회의 안건 사례 제출",
                              due_on=today + timedelta(days=2), created_by_id=past.confirmed_by_id))
    db.session.add(ActionItem(conference=past, assignee_org_id=dong1.id, assignee_user_id=demo.users["dong1"].id,
                              what="긴급지원 신청 결과 공유", due_on=today + timedelta(days=1),
                              created_by_id=past.confirmed_by_id))

    # Next month's zone conference, scheduled; center1 is invited. Its second case is one
    # center1 is not working on: center1 sees it only as "비공개 사례".
    upcoming = _conference(demo, "dong1", "integrated", "1권역 통합사례회의", today + timedelta(days=5),
                           ["center1", "hope"], "scheduled", series=series)
    visible = [c for c in shared[2:] + shared[:2]][:1]
    # Not an assessed case: those wait for the next conference a user schedules (and the browser test).
    hidden = [c for c in _cases(demo, "dong1", ("service", "linkage", "planning", "intake", "follow_up"))
              if c not in shared and not any(t.org_id == center1.id for t in c.team)][-1:]
    for case in hidden:
        _ensure_consent(demo, case, [center1, hope])
    for n, case in enumerate(visible + hidden, start=1):
        _item(upcoming, case, dong1, "사례관리 수준 재검토와 협력기관 역할" if n == 1 else "고난도 사례 여부 판단",
              position=n)
    db.session.add(Attendee(conference=upcoming, user_id=demo.users["center1"].id, role="복지관 사례관리자"))

    # The district's solution committee with external experts.
    committee = _conference(demo, "hope", "solution", "한빛구 솔루션위원회", today + timedelta(days=12),
                            ["dong1", "mind"], "scheduled", place="한빛구청 3층 소회의실")
    committee.attendees = [Attendee(name="정하늘", affiliation="한빛정신건강의학과의원", role="정신건강의학과 전문의"),
                           Attendee(name="윤서진", affiliation="한빛법률사무소", role="변호사"),
                           Attendee(user_id=demo.users["hopelead"].id, role="위원장")]
    hard = [c for c in _cases(demo, "hope", ("service", "planning")) if c.level == "high_difficulty"][:1]
    for case in hard:
        _ensure_consent(demo, case, [dong1, demo.orgs["mind"]])
        _item(committee, case, hope, "정신건강 위기와 주거 문제: 기관 간 역할과 추가 자원")
    db.session.flush()
