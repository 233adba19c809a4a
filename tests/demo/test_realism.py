"""The demo reads like a real district (issue 9, item 13): notes and programmes fit the people.

No "어르신" note for a 22-year-old, no 자활 for a 78-year-old, no school remark in a household
without children; 노인맞춤돌봄 serves people of 65 and over; a 드림스타트 case names the child
(0–12) it serves. The rules are written here on their own, not taken from the demo's code.
"""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseweb.demo import load_demo
from caseweb.demo.context import IDENTITY_EPOCH
from caseweb.extensions import db
from caseweb.models import (Assessment, Case, CaseTeam, Household, Note, Organization, Plan, PlannedService,
                            Transition)
from caseweb.timeutil import seoul_today


def _age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.fixture()
def district(app):
    load_demo(households=160, commit=False)
    today = seoul_today()
    households = {h.id: h for h in db.session.scalars(select(Household).options(selectinload(Household.members)))}
    ages = {hid: _age(h.birth_date, today) for hid, h in households.items()}
    children = {hid: [(m.name, _age(m.birth_date, today)) for m in h.members
                      if m.relation in ("자녀", "손자녀") and _age(m.birth_date, today) < 19]
                for hid, h in households.items()}
    cases = {c.id: c for c in db.session.scalars(select(Case))}
    notes = {}
    for note in db.session.scalars(select(Note)):
        notes.setdefault(note.case_id, []).append(note.body)
    return households, ages, children, cases, notes, today


def test_notes_fit_the_household(district):
    households, ages, children, cases, notes, _today = district
    wrong = []
    for case_id, bodies in notes.items():
        hid = cases[case_id].household_id
        for body in bodies:
            if "어르신" in body and ages[hid] < 60:
                wrong.append(("어르신", ages[hid], body))
            if "자활" in body and ages[hid] > 64:
                wrong.append(("자활", ages[hid], body))
            if any(word in body for word in ("자녀", "학교", "손주", "학습")) and not children[hid]:
                wrong.append(("no child", ages[hid], body))
    assert wrong == []


def test_programmes_and_partners_fit_the_household(district):
    households, ages, children, cases, notes, _today = district
    jahwal, elder = ({o.id for o in db.session.scalars(select(Organization).where(Organization.programme == p))}
                     for p in ("self_sufficiency", "elderly_care"))
    wrong = []
    for case in cases.values():
        age = ages[case.household_id]
        if case.programme == "self_sufficiency" and age > 64:
            wrong.append(("자활 case", age, case.number))
        if case.programme == "elderly_care" and age < 65:
            wrong.append(("노인맞춤돌봄 case", age, case.number))
    for case_id, org_id in db.session.execute(select(CaseTeam.case_id, CaseTeam.org_id)):
        age = ages[cases[case_id].household_id]
        if (org_id in jahwal and age > 64) or (org_id in elder and age < 65):
            wrong.append(("partner", age, cases[case_id].number))
    for case_id, to_org in db.session.execute(select(Transition.case_id, Transition.to_org_id)):
        age = ages[cases[case_id].household_id]
        if (to_org in jahwal and age > 64) or (to_org in elder and age < 65):
            wrong.append(("referral", age, cases[case_id].number))
    for case_id, service in db.session.execute(
            select(Plan.case_id, PlannedService.service).join(Plan, Plan.id == PlannedService.plan_id)):
        age = ages[cases[case_id].household_id]
        if ("자활" in service or "요양보호사" in service) and age > 64:
            wrong.append(("service", age, service))
        child_service = any(word in service for word in ("학습", "학용품", "교육비", "아동")) and "자격" not in service
        if child_service and not children[cases[case_id].household_id]:  # 자격 취득 교육비 is for adults
            wrong.append(("child service", age, service))
    for case_id, strengths in db.session.execute(select(Assessment.case_id, Assessment.strengths)):
        hid = cases[case_id].household_id
        if "자녀" in (strengths or "") and not children[hid]:
            wrong.append(("strength", ages[hid], strengths))
    assert wrong == []


def test_a_childrens_programme_names_the_child_it_serves(district):
    households, ages, children, cases, notes, _today = district
    dream = [c for c in cases.values() if c.programme == "dream_start"]
    assert len(dream) >= 3
    for case in dream:
        young = [name for name, age in children[case.household_id] if age <= 12]
        assert young, f"{case.number}: 드림스타트 without a child of 0–12"
        assert any(name in body for name in young for body in notes.get(case.id, [])), \
            f"{case.number}: no note names the child served"


def test_member_notes_fit_the_members_age(district):
    """A member's note describes the member as the demo's people were made: at IDENTITY_EPOCH, the
    fixed day their birth dates (and so resident numbers) count from. Ages drift a year a year after."""
    households, ages, children, cases, notes, _today = district
    today = IDENTITY_EPOCH
    wrong = [(m.notes, _age(m.birth_date, today)) for h in households.values() for m in h.members
             if (m.notes == "어린이집 다님" and _age(m.birth_date, today) > 7)
             or (m.notes == "학교 재학 중" and not 6 <= _age(m.birth_date, today) <= 20)
             or (m.notes == "주간보호센터 이용" and _age(m.birth_date, today) < 55)]
    assert wrong == []
