"""The organisation-partitioned name index (case_name_grams) finds exactly what the
district-wide one did, and stays in step with every write that changes who works on
a case or what its head is called."""
import random

from sqlalchemy import or_, select

from caseweb.extensions import db
from caseweb.models import Case, CaseNameGram, CaseTeam, Household
from caseweb.models.search import cases_matching, households_matching, rebuild_case_grams
from caseweb.cases.queries import ListParams, list_cases

SURNAMES = "김이박최"
GIVEN = "영희민수지"
QUERIES = ["영희", "희영", "민수", "김영", "김영희", "영희영", "이민수", "수지", "지영희", "박수", "최지지", "없음"]


def old_search(org_id: int, norm: str) -> set[int]:
    """The search before case_name_grams: district-wide households first, then our cases."""
    ours = or_(Case.lead_org_id == org_id, Case.id.in_(
        select(CaseTeam.case_id).where(CaseTeam.org_id == org_id, CaseTeam.active.is_(True))))
    return set(db.session.scalars(select(Case.id).where(Case.household_id.in_(households_matching(norm)), ours)))


def new_search(org_id: int, norm: str) -> set[int]:
    return set(db.session.scalars(cases_matching(org_id, norm)))


def stored_rows() -> set[tuple]:
    return set(db.session.execute(select(CaseNameGram.org_id, CaseNameGram.gram, CaseNameGram.case_id)).tuples())


def assert_same(orgs):
    """Every organisation, every query: the same case ids; and the incrementally kept
    table equals a full rebuild."""
    db.session.flush()
    for org in orgs:
        for q in QUERIES:
            assert new_search(org.id, q) == old_search(org.id, q), (org.id, q)
    kept = stored_rows()
    rebuild_case_grams(db.session.connection())
    assert stored_rows() == kept


def fixed_district(make):
    """Four organisations, 60 households with colliding names, cases led here and
    there, partners active and inactive (seeded: the same data on every run)."""
    rng = random.Random(10)
    orgs = [make.org() for _ in range(4)]
    cases = []
    for i in range(60):
        lead = orgs[i % 4]
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((2, 2, 3))))
        household = make.household(lead, head_name=name)
        cases.append(make.case(lead, household=household))
        if i % 5 == 0:  # a second case of the same household, at another organisation
            cases.append(make.case(orgs[(i + 1) % 4], household=household))
    for case in cases[::3]:
        partner = orgs[(case.lead_org_id + 1) % 4]
        if partner.id != case.lead_org_id:
            team = make.partner(case, partner)
            if case.id % 2:
                team.active = False
    db.session.flush()
    return orgs, cases


def test_new_search_equals_old_on_a_fixed_district(app, make):
    orgs, _cases = fixed_district(make)
    assert len(stored_rows()) > 100
    assert_same(orgs)


def test_kept_in_step_with_writes(app, make):
    orgs, cases = fixed_district(make)
    # A transfer (as referrals.services.accept does it): the old lead stays on as partner.
    moved = cases[4]
    old_team = db.session.scalar(select(CaseTeam).where(CaseTeam.case_id == moved.id,
                                                        CaseTeam.org_id == moved.lead_org_id))
    old_team.role = "partner"
    new_lead = next(o for o in orgs if o.id != moved.lead_org_id and not db.session.scalar(
        select(CaseTeam.id).where(CaseTeam.case_id == moved.id, CaseTeam.org_id == o.id)))
    db.session.add(CaseTeam(case_id=moved.id, org_id=new_lead.id, role="lead", via="transfer"))
    moved.lead_org_id = new_lead.id
    assert_same(orgs)
    # The old lead leaves the team altogether: it no longer finds the case.
    old_team.active = False
    assert_same(orgs)
    # A partner leaves and another comes back.
    team = db.session.scalars(select(CaseTeam).where(CaseTeam.role == "partner")).first()
    team.active = not team.active
    assert_same(orgs)
    # A household head renamed: every case of the household follows.
    household = db.session.get(Household, cases[0].household_id)
    household.head_name, household.head_name_norm = "최수지", "최수지"
    assert_same(orgs)
    # A team row removed, a new case opened for an existing household.
    db.session.delete(db.session.scalars(select(CaseTeam).where(CaseTeam.role == "partner")).first())
    make.case(orgs[2], household=household)
    assert_same(orgs)
    # A case moved to another household.
    cases[7].household_id = cases[8].household_id
    assert_same(orgs)


def test_list_uses_only_our_postings(app, make):
    """The list's name search finds partner cases through their team rows, and another
    organisation's case with the same name not at all."""
    here, there = make.org(), make.org()
    worker = make.user(here)
    ours = make.case(here, household=make.household(here, head_name="김영희"), manager=worker)
    theirs = make.case(there, household=make.household(there, head_name="이영희"))
    shared = make.case(there, household=make.household(there, head_name="박영희"))
    make.partner(shared, here)
    make.consent(shared.household, recipients=[here])
    rows, _total = list_cases(worker, ListParams.from_args({"scope": "org", "q": "영희"}))
    assert {c.number for c in rows} == {ours.number, shared.number}
    assert theirs.id not in new_search(here.id, "영희")
