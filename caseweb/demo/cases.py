"""Cases with consistent key dates, their lead team row and status history."""
from datetime import timedelta

from flask import current_app

from ..cases.deadlines import add_months, followup_months, recompute_due
from ..extensions import db
from ..models import Case, CaseEvent, CaseTeam
from .context import CaseDraft

STATUS_WEIGHTS = {"screening": 8, "intake": 10, "assessed": 8, "planning": 7, "service": 26,
                  "linkage": 12, "closed": 7, "follow_up": 8, "completed": 14}
SOURCES = ["단전·단수 체납 명단", "건강보험료 체납 명단", "위기정보 빅데이터 발굴", "이웃 제보",
           "본인 방문 신청", "통장·명예사회복지공무원 발굴", "학교 의뢰", "병원 의뢰", "복지관 의뢰"]
# Days spent in the current stage: wide enough that some deadlines are past, some near.
STAGE_AGE = {"screening": (0, 25), "intake": (0, 16), "assessed": (1, 12), "planning": (1, 20),
             "service": (0, 50), "linkage": (0, 45), "closed": (3, 120), "follow_up": (5, 150),
             "completed": (5, 200)}
FIRST_CHECK, SECOND_CHECK = 91, 273  # follow-up checks 3 and 9 months after closure


def monitoring_days(level: str | None) -> int:
    return current_app.config["MONITORING_DAYS_HIGH" if level == "high_difficulty" else "MONITORING_DAYS_GENERAL"]


def pick_status(demo) -> str:
    return demo.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]


def pick_kind(demo, status: str) -> str | None:
    if status in ("screening", "intake", "assessed"):
        return None
    if status == "linkage":
        return "service_linkage"
    if status == "completed":
        return demo.rng.choices(["case_management", "service_linkage", "not_selected"], [55, 30, 15])[0]
    return "case_management"


def timeline(demo, status: str, kind: str | None, conference: bool, stage_age: int | None) -> dict:
    """Key dates walking back from today, so found_on <= intake_on <= ... <= completed_on."""
    r = demo.rng.randint
    chain = [("found_on", 0)]
    if status != "screening":
        chain.append(("intake_on", r(1, 7)))
    if status not in ("screening", "intake"):
        chain.append(("assessed_on", r(3, 9)))
        if conference:
            chain.append(("conference_on", r(1, 6)))
    if kind == "not_selected":
        chain.append(("selected_on", r(0, 4)))
    elif status not in ("screening", "intake", "assessed"):
        chain.append(("selected_on", r(0, 4) if conference else r(1, 5)))
        if kind == "service_linkage":
            chain.append(("last_contact_on", r(7, 80)))
            if status in ("closed", "follow_up", "completed"):
                chain.append(("closed_on", r(0, 3)))
        elif status != "planning":
            chain.append(("plan_on", r(3, 12)))
            chain.append(("last_contact_on", r(10, 200)))
            if status in ("closed", "follow_up", "completed"):
                chain.append(("closed_on", r(0, 2)))
        if status == "follow_up":
            chain.append(("first_check", r(FIRST_CHECK - 6, FIRST_CHECK + 6)))
        elif status == "completed":
            chain.append(("completed_on", r(SECOND_CHECK - 5, SECOND_CHECK + 10)))
    age = stage_age if stage_age is not None else r(*STAGE_AGE[status])
    dates, day = {}, demo.ago(age)
    for field, gap in reversed(chain):
        dates[field] = day
        day -= timedelta(days=gap)
    if kind == "not_selected":
        dates["completed_on"] = dates["selected_on"]
    if "first_check" in dates:
        dates["last_contact_on"] = dates.pop("first_check")
    if status == "completed" and kind != "not_selected":
        dates["last_contact_on"] = dates["completed_on"]
    return dates


def new_case(demo, household, *, programme: str, lead: str, status: str, needs: dict, crisis: str,
             kind: str | None = None, level: str | None = None, manager=None, source: str | None = None,
             stage_age: int | None = None, dates: dict | None = None, closure_reason: str | None = None,
             conference: bool | None = None) -> CaseDraft:
    """A case led by org slug `lead`; dates are generated unless `dates` gives them."""
    kind = kind or pick_kind(demo, status)
    if kind != "case_management":
        level = None  # levels belong to case management only, as the workflow's selection sets them
    elif level is None:
        level = "high_difficulty" if crisis in ("high", "urgent") else "general"
    if conference is None:
        conference = level == "high_difficulty" or demo.chance(0.3)
    dates = dates or timeline(demo, status, kind, conference, stage_age)
    if status in ("closed", "follow_up", "completed") and kind != "not_selected" and not closure_reason:
        closure_reason = demo.rng.choices(["목표달성", "거부", "전출", "사망", "타기관 이관", "연락두절", "시설입소"],
                                          [60, 6, 8, 4, 8, 8, 6])[0]
    org = demo.orgs[lead]
    manager = manager or (None if status == "screening" and demo.chance(0.4) else demo.worker(lead))
    case = Case(number=demo.case_number(), household=household, programme=programme, lead_org_id=org.id,
                manager=manager, kind=kind, level=level, status=status,
                source=source or demo.pick(SOURCES), closure_reason=closure_reason, **dates)
    _due_dates(case)
    case.created_at = demo.at(case.found_on)
    case.updated_at = demo.at(max(d for d in dates.values()))
    case.team.append(CaseTeam(org_id=org.id, role="lead", via="intake", since=case.created_at))
    _history(demo, case, org, manager)
    db.session.add(case)
    demo.counts["cases"] += 1
    draft = CaseDraft(case=case, household=household, lead=lead, needs=needs, crisis=crisis)
    demo.drafts.append(draft)
    return draft


def _due_dates(case) -> None:
    """As the workflow leaves them: intake counts as a contact; monitoring expects the next one."""
    if case.last_contact_on is None:
        case.last_contact_on = case.intake_on
    if case.status in ("service", "linkage") and case.last_contact_on:
        case.next_contact_due = case.last_contact_on + timedelta(days=monitoring_days(case.level))


def first_check(closed_on):
    """The first follow-up check after closure (3 months by default)."""
    return add_months(closed_on, followup_months()[0])


def _history(demo, case, org, manager) -> None:
    """CaseEvent rows shaped like the workflow's: action name, {field: [old, new]}."""
    c, steps, status = case, [], ["screening"]

    def step(day, action, new_status=None, **fields):
        if not day:
            return
        detail = {k: [None, v.isoformat() if hasattr(v, "isoformat") else v] for k, v in fields.items()}
        if new_status:
            detail["status"] = [status[0], new_status]
            status[0] = new_status
        steps.append((day, len(steps), action, detail))

    steps.append((c.found_on, 0, "created", {"programme": [None, c.programme], "status": [None, "screening"]}))
    step(c.intake_on, "intake", "intake", intake_on=c.intake_on)
    step(c.assessed_on, "assessment", "assessed", assessed_on=c.assessed_on)
    if c.selected_on:
        fields = {"kind": c.kind, "selected_on": c.selected_on}
        if c.conference_on:
            fields["conference_on"] = c.conference_on
        if c.kind == "case_management":
            fields["level"] = c.level
        step(c.selected_on, "select", {"case_management": "planning", "service_linkage": "linkage"}.get(
            c.kind, "completed"), **fields)
    step(c.plan_on, "plan", "service", plan_on=c.plan_on)
    step(c.closed_on, "close", "closed", closed_on=c.closed_on, closure_reason=c.closure_reason)
    if c.closed_on and c.status in ("follow_up", "completed"):
        first = c.last_contact_on if c.status == "follow_up" else first_check(c.closed_on)
        step(first, "follow_up", "follow_up", follow_up_on=first)
    if c.closed_on and c.status == "completed":
        step(c.completed_on, "follow_up", follow_up_on=c.completed_on)
        step(c.completed_on, "complete", "completed", completed_on=c.completed_on)
    for day, _, action, detail in sorted(steps, key=lambda s: (s[0], s[1])):
        case.events.append(CaseEvent(at=demo.at(day), user=manager, org_id=org.id,
                                     action=action, detail=detail))
    demo.counts["case_events"] += len(steps)


def recompute_all(demo) -> None:
    """Derived deadlines for every case, by the workflow's own rule."""
    for draft in demo.drafts:
        recompute_due(draft.case)
