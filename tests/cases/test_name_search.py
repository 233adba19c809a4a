"""The bigram name index: two-syllable Korean search, kept in step with renames."""
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import HouseholdNameGram
from caseweb.cases.queries import COUNT_CAP, ListParams, list_cases


def numbers(user, **args):
    rows, _total = list_cases(user, ListParams.from_args({"scope": "org", **args}))
    return {c.number for c in rows}


def test_two_syllable_given_name_and_full_name(make, org, worker):
    younghee = make.case(org, household=make.household(org, head_name="김영희"), manager=worker)
    minsu = make.case(org, household=make.household(org, head_name="이민수"), manager=worker)
    assert numbers(worker, q="영희") == {younghee.number}
    assert numbers(worker, q="김영희") == {younghee.number}
    assert numbers(worker, q="민수") == {minsu.number}
    # One syllable cannot use the bigram index; it still finds the name.
    assert younghee.number in numbers(worker, q="희")


def test_bigrams_must_be_adjacent(make, org, worker):
    """영영희영 holds both bigrams of 희영영 (희영, 영영) but not the string itself."""
    case = make.case(org, household=make.household(org, head_name="영영희영"), manager=worker)
    assert numbers(worker, q="희영영") == set()
    assert numbers(worker, q="영희영") == {case.number}


def test_rename_updates_the_index(make, org, worker):
    household = make.household(org, head_name="김영희")
    case = make.case(org, household=household, manager=worker)
    household.head_name, household.head_name_norm = "김순자", "김순자"
    db.session.flush()
    assert numbers(worker, q="영희") == set()
    assert numbers(worker, q="순자") == {case.number}
    grams = set(db.session.scalars(select(HouseholdNameGram.gram).where(
        HouseholdNameGram.household_id == household.id)))
    assert grams == {"김순", "순자"}


def test_partner_cases_join_the_list_in_due_order(make, org, worker):
    """The list merges the cases we lead with those we partner on under consent."""
    other = make.org()
    own = make.case(org, manager=worker)
    shared = make.case(other, household=make.household(other, head_name="정다운"))
    make.partner(shared, org)
    assert shared.number not in numbers(worker)  # no consent yet: not visible
    make.consent(shared.household, recipients=[org])
    assert numbers(worker) == {own.number, shared.number}
    assert numbers(worker, q="다운") == {shared.number}


def test_count_stops_at_the_cap(make, org, worker, monkeypatch):
    import caseweb.cases.queries as queries
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for _ in range(5):
        make.case(org, manager=worker)
    rows, total = list_cases(worker, ListParams.from_args({"scope": "org"}))
    assert total == 3 and len(rows) == 5
    assert COUNT_CAP == 1000
