"""Households and their members, shaped by household type."""
from datetime import date

from ..extensions import db
from ..households.services import normalise_name
from ..models import Household, HouseholdMember
from .people import (MIGRANT_NAMES, address, birth_date, fake_rrn, landline, mobile,
                     person_name)

# About a third older people alone, a fifth single parents, a sixth young adults alone.
TYPE_WEIGHTS = {
    "elderly_alone": 33, "single_parent": 20, "young_single": 17, "middle_single": 9,
    "elderly_couple": 6, "grandparent": 4, "disabled": 5, "multicultural": 4, "general": 2,
}
HEAD_AGES = {
    "elderly_alone": (66, 91), "elderly_couple": (67, 85), "single_parent": (29, 50),
    "grandparent": (62, 79), "young_single": (20, 34), "middle_single": (42, 64),
    "disabled": (30, 68), "multicultural": (36, 55), "general": (35, 58),
}
FEMALE_SHARE = {"elderly_alone": 0.68, "single_parent": 0.82, "grandparent": 0.6, "young_single": 0.45}
INCOME_WEIGHTS = {"basic_livelihood": 35, "near_poverty": 25, "dropped": 8, "low_income": 22, "general": 10}
# A member's note fits the member's age: 어린이집 under 7, 학교 7–18, 주간보호 for older people.
MEMBER_NOTES = [((0, 6), "어린이집 다님"), ((7, 18), "학교 재학 중"), ((60, 120), "주간보호센터 이용"),
                ((0, 120), "심한 장애(지체)")]


def pick_type(demo) -> str:
    return demo.rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]


def make_household(demo, dong: str, htype: str, *, gender: str | None = None, age: tuple | None = None,
                   income: str | None = None, with_rrn: bool = True, created_by=None,
                   notes: str | None = None, children: list[int] | None = None) -> Household:
    """A household of `htype` in `dong`; `children` gives the children's ages when the story needs it."""
    if gender is None:
        gender = "F" if demo.chance(FEMALE_SHARE.get(htype, 0.5)) else "M"
    born = birth_date(demo, *(age or HEAD_AGES[htype]))
    name = person_name(demo, gender)
    elderly = htype in ("elderly_alone", "elderly_couple", "grandparent")
    phone = landline(demo) if elderly and demo.chance(0.3) else mobile(demo)
    income = income or demo.rng.choices(list(INCOME_WEIGHTS), weights=list(INCOME_WEIGHTS.values()))[0]
    household = Household(
        number=demo.household_number(), head_name=name, head_name_norm=normalise_name(name),
        birth_date=born, gender=gender, address=address(demo, dong), dong=dong, phone=phone,
        phone_digits="".join(c for c in phone if c.isdigit()), household_type=htype,
        income_status=income, notes=notes, created_by_org_id=created_by.id if created_by else None)
    if with_rrn and demo.rrn_protect is not None:
        household.rrn_encrypted, household.rrn_blind_index, household.rrn_masked = \
            demo.rrn_protect(fake_rrn(demo, born, gender))
    household.members = _members(demo, household, htype, name[0], children)
    demo.households.append(household)
    db.session.add(household)
    demo.counts["households"] += 1
    demo.counts["household_members"] += len(household.members)
    return household


def _members(demo, household, htype, surname, children) -> list[HouseholdMember]:
    members = []

    def add(relation, gender, ages, same_surname=True, name=None):
        born = birth_date(demo, *ages)
        age = _age(demo.identity_epoch, born)
        fitting = [note for (low, high), note in MEMBER_NOTES if low <= age <= high]
        members.append(HouseholdMember(
            name=name or person_name(demo, gender, surname if same_surname else None),
            relation=relation, birth_date=born,
            notes=demo.pick(fitting) if fitting and demo.chance(0.4) else None))

    head_age = _age(demo.identity_epoch, household.birth_date)
    spouse = "M" if household.gender == "F" else "F"
    if htype == "elderly_couple":
        add("배우자", spouse, (max(head_age - 5, 60), head_age + 3), same_surname=False)
    elif htype == "single_parent":
        for age in children or [demo.rng.randint(3, 17) for _ in range(demo.rng.randint(1, 3))]:
            add("자녀", demo.pick("MF"), (age, age))
    elif htype == "grandparent":
        if demo.chance(0.4):
            add("배우자", spouse, (head_age - 4, head_age + 2), same_surname=False)
        for age in children or [demo.rng.randint(5, 14) for _ in range(demo.rng.randint(1, 2))]:
            add("손자녀", demo.pick("MF"), (age, age))
    elif htype == "multicultural":
        add("배우자", "F", (28, 42), name=demo.pick(MIGRANT_NAMES))
        for age in children or [demo.rng.randint(1, 12) for _ in range(demo.rng.randint(1, 2))]:
            add("자녀", demo.pick("MF"), (age, age))
    elif htype in ("general", "disabled"):
        if demo.chance(0.6):
            add("배우자", spouse, (head_age - 5, head_age + 3), same_surname=False)
        count = demo.rng.randint(0 if htype == "disabled" else 1, 2)
        for age in children or [demo.rng.randint(4, 20) for _ in range(count)]:
            add("자녀", demo.pick("MF"), (age, age))
    return members


def _age(today: date, born: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
