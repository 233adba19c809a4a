"""What a case accumulates: assessments, a plan with goals and services, contact notes."""
from datetime import timedelta

from ..extensions import db
from ..models import Assessment, Goal, Note, Plan, PlannedService
from ..models.records import NEED_DOMAINS
from .cases import first_check
from .fit import facts_of, fits, pick_fitting, served_child
from .texts import GOALS, NEED_PROFILES, NOTES, SERVICES, STRENGTHS, SUMMARIES

SUBDOMAINS = {sub: domain for domain, (_, subs) in NEED_DOMAINS.items() for sub in subs}


def make_needs(demo, htype: str, fixed: dict | None = None) -> tuple[dict, str]:
    """(needs over every sub-domain, crisis level); most households need 2+ domains."""
    needs = dict.fromkeys(SUBDOMAINS, 0)
    profile = NEED_PROFILES[htype]
    count = demo.rng.choices([1, 2, 3, 4], [10, 40, 35, 15])[0]
    for sub in demo.rng.sample(profile[:5], min(count, 5)):
        needs[sub] = demo.rng.choices([1, 2, 3], [25, 45, 30])[0]
    needs.update(fixed or {})
    return needs, crisis_of(needs)


def crisis_of(needs: dict) -> str:
    if needs.get("safety_abuse", 0) >= 3 or needs.get("safety_home", 0) >= 3:
        return "urgent"
    if needs.get("health_mental", 0) >= 3:
        return "high"
    return "medium" if max(needs.values()) >= 3 else "low"


def build_records(demo, draft) -> None:
    case = draft.case
    if case.assessed_on:
        _assessments(demo, draft)
    if case.plan_on:
        _plan(demo, draft)
    for kind, day, body in draft.notes if draft.notes is not None else _generated_notes(demo, draft):
        db.session.add(Note(case_id=case.id, kind=kind, contact_on=day, body=body,
                            author_id=case.manager_id, org_id=case.lead_org_id, created_at=demo.at(day),
                            updated_at=demo.at(day),
                            next_due=case.next_contact_due if day == case.last_contact_on else None))
        demo.counts["notes"] += 1


def _assessments(demo, draft) -> None:
    case = draft.case
    suggested = "high_difficulty" if draft.crisis in ("high", "urgent") else "general"
    rows = [("initial", case.assessed_on, draft.needs)]
    if case.plan_on and case.last_contact_on and (case.last_contact_on - case.plan_on).days > 150:
        lowered = {k: max(0, v - 1) if v else 0 for k, v in draft.needs.items()}
        rows.append(("re", case.plan_on + timedelta(days=demo.rng.randint(90, 140)), lowered))
    facts = facts_of(draft.household, demo.today)
    strengths = [text for text in STRENGTHS if fits(text, facts)]
    for kind, day, needs in rows:
        db.session.add(Assessment(
            case_id=case.id, kind=kind, assessed_on=day, needs=needs, crisis_level=draft.crisis
            if kind == "initial" else "low", suggested_level=suggested, author_id=case.manager_id,
            strengths=", ".join(demo.rng.sample(strengths, 2)), summary=demo.pick(SUMMARIES),
            created_at=demo.at(day)))
        demo.counts["assessments"] += 1


def _plan(demo, draft) -> None:
    case = draft.case
    plan = Plan(case_id=case.id, planned_on=case.plan_on, author_id=case.manager_id,
                created_at=demo.at(case.plan_on))
    lines = draft.plan
    if lines is None:
        domains = sorted({SUBDOMAINS[s] for s, v in draft.needs.items() if v >= 2},
                         key=lambda d: (-max(draft.needs[s] for s in NEED_DOMAINS[d][1]), d))[:3]
        domains = domains or [SUBDOMAINS[max(draft.needs, key=draft.needs.get)]]
        facts = facts_of(draft.household, demo.today)
        lines = []
        for domain in domains:
            services = [row for row in SERVICES[domain] if fits(row[0], facts)]
            goal = pick_fitting(demo, GOALS[domain], facts)
            if not services or goal is None:
                continue  # nothing of this domain fits the household (no 자활 at 78)
            for service, slug, name in demo.rng.sample(services, min(len(services), demo.rng.choice([1, 1, 2]))):
                lines.append((domain, goal, service, slug or name))
        lines = lines or [("other", GOALS["other"][0], *SERVICES["other"][0][:2])]
    goals_seen = set()
    for domain, goal, service, provider in lines:
        if (domain, goal) not in goals_seen:
            goals_seen.add((domain, goal))
            plan.goals.append(Goal(domain=domain, text=goal,
                                   target_on=case.plan_on + timedelta(days=demo.rng.choice([90, 120, 180]))))
        start = case.plan_on + timedelta(days=demo.rng.randint(0, 10))
        org = demo.orgs.get(provider)
        plan.services.append(PlannedService(
            domain=domain, service=service, provider_org_id=org.id if org else None,
            provider_name=None if org else provider, start_on=start,
            end_on=start + timedelta(days=demo.rng.choice([90, 180, 365]))))
    db.session.add(plan)
    demo.counts["plans"] += 1
    demo.counts["goals"] += len(plan.goals)
    demo.counts["planned_services"] += len(plan.services)


def _generated_notes(demo, draft) -> list[tuple]:
    case, notes = draft.case, []
    facts = facts_of(draft.household, demo.today)

    def pick(texts):
        return pick_fitting(demo, texts, facts)
    child = served_child(facts, case.programme)
    if child:  # a children's programme names the child it serves
        notes.append(("phone", case.found_on, f"대상 아동 {child[0]}(만 {child[1]}세) 확인. 보호자와 통화, 상담 일정 잡음."))
    if case.status == "screening" and demo.chance(0.4):
        notes.append(("phone", case.found_on, "발굴 명단 확인 전화. 연결 안 됨. 재연락 예정."))
    if case.intake_on:
        notes.append(("intake", case.intake_on, pick(NOTES["intake"])))
    if case.assessed_on:
        notes.append(("visit", case.assessed_on, "욕구·위기도 사정 방문. " + pick(NOTES["visit"])))
    start = case.plan_on or case.selected_on
    end = case.closed_on - timedelta(days=3) if case.closed_on else case.last_contact_on
    if start and end and case.kind != "not_selected":
        day, contacts = end, []
        while day > start and len(contacts) < 4:
            kind = demo.rng.choices(["monitoring", "phone", "visit", "office"], [40, 30, 20, 10])[0]
            contacts.append((kind, day, pick(NOTES[kind])))
            day -= timedelta(days=demo.rng.randint(20, 40))
        notes.extend(reversed(contacts))
    if case.closed_on:
        notes.append(("office", case.closed_on, pick(NOTES["closing"])))
    if case.status in ("follow_up", "completed") and case.closed_on:
        notes.append(("follow_up", case.last_contact_on if case.status == "follow_up"
                      else first_check(case.closed_on), NOTES["follow_up"][0]))
        if case.status == "completed":
            notes.append(("follow_up", case.completed_on, NOTES["follow_up"][2]))
    return notes
