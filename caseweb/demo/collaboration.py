"""Working together: partner organisations, referrals and transfers, consents, notifications."""
from datetime import timedelta

from ..extensions import db
from ..models import CaseTeam, Consent, Transition
from .orgs import DECLINE_REASONS, center_for, dong_slug
from .fit import ORG_NEEDS, facts_of, meets

ACTIVE = ("assessed", "planning", "service", "linkage")
# Who a need usually goes to.
NEED_PARTNERS = {"health_mental": "mind", "health_physical": "health", "daily_housework": "elder",
                 "daily_care": "elder", "economy_assets": "debt", "economy_basic": "foodbank",
                 "education_learning": "foundation", "employment_job": "jahwal", "family_care": "dream",
                 "social_isolation": "elder", "env_hygiene": "center3"}
# Every status shows up early, even in a small demo; after that, chance decides.
_OPEN_STATUSES = ["requested", "received", "declined", "withdrawn", "expired", "rerouted"]


def _day(demo, day):
    return min(day, demo.today)


def transition(demo, draft, to_slug, status, *, kind="referral", day=None, from_slug=None,
               reason=None, to_user=None, sections=None):
    """One Transition with timestamps that fit its status."""
    case, r = draft.case, demo.rng.randint
    from_slug = from_slug or draft.lead
    day = _day(demo, day or demo.ago(r(0, 4)))
    t = Transition(case=case, kind=kind, status=status, from_org_id=demo.orgs[from_slug].id,
                   to_org_id=demo.orgs[to_slug].id, sections=sections, to_user=to_user,
                   from_user=case.manager if from_slug == draft.lead else demo.worker(from_slug),
                   reason=reason or _reason(demo, draft, to_slug), requested_at=demo.at(day))
    if status != "requested":
        t.received_at = demo.at(_day(demo, day + timedelta(days=r(0, 1))))
    if status in ("accepted", "declined", "in_progress", "completed", "rerouted"):
        t.answered_at = demo.at(_day(demo, day + timedelta(days=r(1, 3))))
        t.response = "접수하여 담당자 배정했습니다." if status != "declined" else None
    if status == "declined":
        t.decline_reason = demo.pick(DECLINE_REASONS)
        t.declined_by = "household" if t.decline_reason == "가구 거부" else "provider"
        t.response = "검토 결과 이번에는 지원이 어렵습니다."
    if status == "completed":
        t.completed_at = demo.at(_day(demo, case.closed_on or day + timedelta(days=r(30, 90))))
        t.result = "서비스 제공 완료. 결과 회신합니다."
    if status == "withdrawn":
        t.response = "가구 상황 변화로 의뢰 철회."
    db.session.add(t)
    demo.transitions.append(t)
    demo.counts["transitions"] += 1
    if kind != "assign":
        draft.involved.add(to_slug)
    return t


def _serves(demo, slug: str, household) -> bool:
    """Whether the organisation's programme is for this household (no 자활 at 78, no 드림스타트 without a child)."""
    return meets(ORG_NEEDS.get(slug), facts_of(household, demo.today))


def _reason(demo, draft, to_slug) -> str:
    name = demo.orgs[to_slug].name
    return demo.pick([f"{name} 서비스 연계 요청드립니다.", "복합 욕구 가구로 협력 요청드립니다.",
                      "사정 결과 전문 서비스가 필요하여 의뢰합니다."])


def add_partner(demo, draft, slug, via="referral", day=None, status=None, sections=None):
    """A partner team row; a referral or transfer Transition explains how it joined."""
    case = draft.case
    base = case.selected_on or case.assessed_on or case.intake_on or case.found_on
    day = _day(demo, day or (case.conference_on if via == "conference" and case.conference_on
                             else base + timedelta(days=demo.rng.randint(0, 7))))
    case.team.append(CaseTeam(org_id=demo.orgs[slug].id, role="partner", via=via, since=demo.at(day),
                              sections=sections))
    demo.counts["case_team_partners"] += 1
    draft.involved.add(slug)
    if via == "referral":
        closed = case.status in ("closed", "follow_up", "completed")
        status = status or ("completed" if closed else demo.pick(["accepted", "in_progress"]))
        transition(demo, draft, slug, status, day=max(day - timedelta(days=2), case.found_on),
                   sections=sections)


def transfer_in(demo, draft, from_slug, day):
    """The lead took the case over from `from_slug`, which stays on as a partner."""
    case = draft.case
    case.team[0].via = "transfer"
    transition(demo, draft, draft.lead, "accepted", kind="transfer", day=day, from_slug=from_slug,
               reason="고난도 사례로 희망복지지원단 이관 요청드립니다.")
    add_partner(demo, draft, from_slug, via="transfer", day=day)


def generic_collaboration(demo, draft) -> None:
    """Partners by need, sometimes a transfer or an open/declined referral, sometimes an assignment."""
    case, household = draft.case, draft.household
    if draft.lead == "hope" and case.level == "high_difficulty" and case.selected_on:
        transfer_in(demo, draft, dong_slug(household.dong), case.assessed_on)
    if case.status in ("screening", "intake") or case.kind == "not_selected":
        return
    if demo.chance(0.6):
        wanted = [NEED_PARTNERS[s] for s, v in draft.needs.items() if v >= 2 and s in NEED_PARTNERS]
        wanted.append(center_for(demo, household.dong) if draft.lead.startswith("dong")
                      else dong_slug(household.dong))
        wanted = [slug for slug in wanted if _serves(demo, slug, household)]
        for slug in list(dict.fromkeys(wanted))[:demo.rng.randint(1, 2)]:
            if slug not in draft.involved and slug != draft.lead:
                via = "conference" if case.conference_on and demo.chance(0.4) else "referral"
                add_partner(demo, draft, slug, via=via)
    if case.status in ACTIVE and (demo.counts["open_referrals"] < len(_OPEN_STATUSES) or demo.chance(0.25)):
        n = demo.counts["open_referrals"]
        demo.counts["open_referrals"] += 1
        status = _OPEN_STATUSES[n] if n < len(_OPEN_STATUSES) else demo.pick(_OPEN_STATUSES)
        _open_referral(demo, draft, status)
    if case.manager and demo.chance(0.15):
        supervisor = demo.users.get(f"{draft.lead}lead")
        t = transition(demo, draft, draft.lead, "accepted", kind="assign", from_slug=draft.lead,
                       day=case.intake_on or case.found_on, reason="담당자 배정", to_user=case.manager)
        t.from_user = supervisor


def _open_referral(demo, draft, status):
    """A referral that did not (yet) make the receiver a partner."""
    choices = [s for s in ("foodbank", "center1", "center2", "health", "elder", "jahwal", "debt", "dream")
               if s != draft.lead and s not in draft.involved and _serves(demo, s, draft.household)]
    slug = demo.pick(choices)
    age = {"requested": (0, 3), "received": (1, 6), "expired": (16, 30)}.get(status, (3, 20))
    t = transition(demo, draft, slug, status, day=demo.ago(demo.rng.randint(*age)))
    if status == "rerouted":
        other = demo.pick([s for s in choices if s != slug])
        new = transition(demo, draft, other, demo.pick(["requested", "accepted"]),
                         day=t.answered_at.date())
        demo.reroutes.append((t, new))  # rerouted_to_id once both have ids
        t.response = f"{demo.orgs[other].name}에서 지원하는 것이 적절하여 재의뢰합니다."
        if new.status == "accepted":
            draft.case.team.append(CaseTeam(org_id=demo.orgs[other].id, role="partner", via="referral",
                                            since=new.answered_at))
    return t


def build_consents(demo, draft) -> None:
    """collect_use at intake; third_party covering whoever the data went to; sensitive when it applies."""
    case, household = draft.case, draft.household
    start = case.intake_on or case.found_on
    if case.status == "screening" and not draft.involved:
        return
    recorder = dict(recorded_by_id=case.manager_id, recorded_by_org_id=case.lead_org_id,
                    recorded_at=demo.at(start))
    until = start + timedelta(days=3 * 365)

    def add(kind, purpose, items, recipients=(), scope="orgs", **extra):
        consent = Consent(household_id=household.id, kind=kind, scope=scope, purpose=purpose, items=items,
                          valid_from=start, valid_until=until, **recorder, **extra)
        consent.recipients = list(recipients)
        db.session.add(consent)
        demo.counts["consents"] += 1
        return consent

    add("collect_use", "통합사례관리 대상자 선정 및 서비스 제공", "성명, 연락처, 주소, 가구 현황, 소득·재산")
    # The lead is among the recipients only when it received the case by transfer.
    recipients = set(draft.consent_to if draft.consent_to is not None else draft.involved)
    if recipients:
        if draft.consent_to is None and demo.chance(0.1):
            add("third_party", "지역사회보장협의체 네트워크 내 서비스 연계", "성명, 연락처, 욕구 사정 결과",
                scope="network")
        else:
            orgs = [demo.orgs[s] for s in sorted(recipients)]
            add("third_party", "사례관리 협력기관 서비스 연계", "성명, 연락처, 주소, 욕구 사정 결과", orgs)
    if draft.revoked_to:
        old = add("third_party", "사례관리 협력기관 서비스 연계", "성명, 연락처, 주소",
                  [demo.orgs[s] for s in sorted(draft.revoked_to)])
        old.revoked_at = demo.at(case.assessed_on or start)
        old.revoked_by_id = case.manager_id
    if draft.sensitive or draft.needs.get("health_mental", 0) >= 2:
        add("sensitive", "정신건강·보호 관련 정보의 처리", "건강 정보, 상담 기록")
    if household.rrn_encrypted is not None:
        add("unique_id", "급여·서비스 중복 확인", "주민등록번호")
