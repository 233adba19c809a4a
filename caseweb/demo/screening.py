"""Two discovery lists for the demo: last quarter's, fully screened, and this month's, in progress.

The district's Hope Welfare Support Team receives the lists and they go to the dong
offices by address. About one household in eight becomes a case-management household
(DEMO.md); those entries point at demo cases of their dong office, so the funnel on
/reports and the case list tell the same story.
"""
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Case, Household, ScreeningEntry, ScreeningList
from .orgs import DONGS
from .people import address, birth_date, fake_rrn, mobile, person_name

REASONS = {
    "utilities": ["전기요금 3개월 체납", "수도요금 체납, 단수 예고", "가스 공급 중단", "관리비 6개월 체납"],
    "health_insurance": ["건강보험료 6개월 체납", "건강보험료 체납, 의료이용 없음", "지역가입자 보험료 체납"],
}
# (outcome, weight) for a screened entry: ~1 in 8 becomes case management.
OUTCOMES = [("case_management", 15), ("service_linkage", 11), ("not_eligible", 42), ("unreachable", 17),
            ("refused", 15)]
LISTS = [  # (title, source, received days ago, entries, share screened)
    ("3분기 단전·단수·공과금 체납 명단", "utilities", 120, 96, 1.0),
    ("4분기 건강보험료 체납 명단", "health_insurance", 18, 80, 0.4),
]


def build_screening(demo) -> None:
    hope = demo.orgs["hope"]
    offices = {org.dong: org for org in demo.orgs.values() if org.kind == "dong_office"}
    taken: set[int] = set()
    for title, source, days_ago, size, screened_share in LISTS:
        received = demo.ago(days_ago)
        screening_list = ScreeningList(title=title, source=source, org_id=hope.id, received_on=received,
                                       uploaded_by_id=demo.users["hope1"].id)
        db.session.add(screening_list)
        db.session.flush()
        for row in range(1, size + 1):
            dong = DONGS[(row * 7) % len(DONGS)]
            office = offices[dong]
            entry = _entry(demo, screening_list, row, dong, office, source)
            if demo.rng.random() < screened_share:
                _screen(demo, entry, office, received, taken)
            db.session.add(entry)
            demo.counts["screening_entries"] += 1
        demo.counts["screening_lists"] += 1


def _entry(demo, screening_list, row, dong, office, source) -> ScreeningEntry:
    gender = "F" if demo.chance(0.55) else "M"
    born = birth_date(demo, 30, 88)
    name = person_name(demo, gender)
    entry = ScreeningEntry(list_id=screening_list.id, row_number=row + 1, name=name, name_norm=name, birth_date=born,
                           address=address(demo, dong), dong=dong, phone=mobile(demo) if demo.chance(0.7) else None,
                           reason=demo.pick(REASONS[source]), assigned_org_id=office.id)
    if demo.rrn_protect is not None:
        entry.rrn_encrypted, entry.rrn_blind_index, entry.rrn_masked = demo.rrn_protect(fake_rrn(demo, born, gender))
    return entry


def _screen(demo, entry, office, received, taken) -> None:
    outcome = demo.rng.choices([o for o, _w in OUTCOMES], weights=[w for _o, w in OUTCOMES])[0]
    span = max((demo.today - received).days - 1, 1)
    on = received + timedelta(days=demo.rng.randint(1, min(span, 45)))
    staff = demo.staff_of_org(office.id)
    entry.worker_id = entry.outcome_by_id = demo.pick(staff).id if staff else None
    if outcome == "case_management":
        case = _case_for(office, received, taken)
        if case is None:
            outcome = "service_linkage"  # no case of this office to point at: the help was a linkage
        else:
            household = case.household
            taken.add(case.id)
            entry.name, entry.name_norm, entry.birth_date = household.head_name, household.head_name_norm, \
                household.birth_date
            entry.address, entry.phone, entry.case_id = household.address, household.phone, case.id
            entry.rrn_encrypted, entry.rrn_blind_index, entry.rrn_masked = \
                household.rrn_encrypted, household.rrn_blind_index, household.rrn_masked
            entry.match_household_id, entry.match_kinds = household.id, ["name_birth"]
            on = max(case.found_on, received)
    entry.outcome, entry.outcome_on = outcome, min(on, demo.today)
    entry.outcome_note = {"not_eligible": "소득·재산 기준 초과, 안내만 함", "unreachable": "3회 방문·전화 모두 부재",
                          "refused": "본인이 지원을 원하지 않음", "service_linkage": "긴급 생계지원 연계",
                          "case_management": "복합 욕구, 통합사례관리 대상으로 의뢰"}[outcome]


def _case_for(office, received, taken):
    """A case of the office found since the list came in and not yet tied to an entry."""
    return db.session.scalar(select(Case).join(Household, Household.id == Case.household_id).where(
        Case.lead_org_id == office.id, Case.found_on >= received, Case.kind == "case_management",
        Case.id.not_in(taken or {0})).order_by(Case.found_on, Case.id).limit(1))
