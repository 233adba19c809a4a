"""Which demo texts and programmes fit which household.

A worker notices at once an "어르신" note on a 22-year-old, 자활 offered to a 78-year-old,
or a school remark in a household without children. Each word below ties a text to the
people it can be about; generated notes, plan lines, referral reasons and partners are
picked only among those that fit the household.
"""
from dataclasses import dataclass

ELDER_AGE = 65          # 노인맞춤돌봄, 어르신
WORKING_AGES = (18, 64)  # 자활, 취업 지원
DREAM_START_AGE = 12     # 드림스타트 serves children 0–12
CHILD_AGE = 18
CHILD_RELATIONS = ("자녀", "손자녀")

# A word in a text -> who the text must be about.
WORDS = {
    "어르신": "elder", "도시락": "elder", "말벗": "elder", "응급안전": "elder", "노인": "elder",
    "자녀": "child", "학교": "child", "학습": "child", "아동": "child", "학용품": "child", "교육비": "child",
    "어머니": "mother", "자활": "working", "일자리": "working", "요양보호사": "working", "취업": "working",
    "근로": "working",
}
# Organisations (demo slugs) whose programme serves only some people.
ORG_NEEDS = {"elder": "elder", "jahwal": "working", "dream": "young_child", "childprot": "child"}
PROGRAMME_NEEDS = {"elderly_care": "elder", "self_sufficiency": "working", "dream_start": "young_child",
                   "child_protection": "child"}


@dataclass(frozen=True)
class Facts:
    head_age: int
    female: bool
    children: tuple  # (name, age) of the household's children, youngest first


def facts_of(household, today) -> Facts:
    def age(born):
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    kids = sorted(((m.name, age(m.birth_date)) for m in household.members
                   if m.relation in CHILD_RELATIONS and m.birth_date and age(m.birth_date) < CHILD_AGE),
                  key=lambda kid: kid[1])
    return Facts(age(household.birth_date), household.gender == "F", tuple(kids))


def meets(need: str | None, facts: Facts) -> bool:
    if need is None:
        return True
    if need == "elder":
        return facts.head_age >= ELDER_AGE
    if need == "working":
        return WORKING_AGES[0] <= facts.head_age <= WORKING_AGES[1]
    if need == "child":
        return bool(facts.children)
    if need == "young_child":
        return any(age <= DREAM_START_AGE for _name, age in facts.children)
    if need == "mother":
        return facts.female and bool(facts.children)
    raise ValueError(need)


def fits(text: str, facts: Facts) -> bool:
    return all(meets(need, facts) for word, need in WORDS.items() if word in text)


def pick_fitting(demo, texts, facts: Facts, key=lambda t: t):
    """A random one of `texts` that fits; None when none does."""
    fitting = [t for t in texts if fits(key(t), facts)]
    return demo.pick(fitting) if fitting else None


def served_child(facts: Facts, programme: str):
    """(name, age) of the child a children's programme serves: the youngest in its age range."""
    limit = DREAM_START_AGE if PROGRAMME_NEEDS.get(programme) == "young_child" else CHILD_AGE - 1
    kids = [kid for kid in facts.children if kid[1] <= limit]
    return kids[0] if kids else None
