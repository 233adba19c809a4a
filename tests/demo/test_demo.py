"""The demo district: accounts that log in, every status and programme, work that is due."""
import re
from datetime import datetime, timezone

import pytest
import time_machine
from sqlalchemy import select

from caseweb.authz import can_see_case
from caseweb.demo import DemoAlreadyLoaded, load_demo
from caseweb.extensions import db
from caseweb.models import Case, Household, Organization, Transition, User
from caseweb.models.case import CASE_STATUSES
from caseweb.models.org import PROGRAMMES
from caseweb.models.transition import TRANSITION_STATUSES
from caseweb.timeutil import seoul_today

from ..conftest import AuthActions

DEMO_ACCOUNTS = ["admin", "dong1", "dong1lead", "center1", "dream1", "hope1", "viewer"]
RRN_LIKE = re.compile(r"\d{6}-?[0-9]\d{6}")


@pytest.fixture()
def demo(app):
    return load_demo(households=40, commit=False)


def _case(number):
    return db.session.scalar(select(Case).where(Case.number == number))


def test_demo_accounts_log_in_with_the_demo_password(app, demo):
    for username in DEMO_ACCOUNTS:
        r = AuthActions(app.test_client()).login(username, app.config["DEMO_PASSWORD"])
        assert r.status_code == 302, username
        assert "password" not in r.headers["Location"], username  # no forced change for the demo


def test_demo_accounts_have_their_roles_and_organisations(demo):
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(DEMO_ACCOUNTS)))}
    assert users["admin"].role == "admin" and users["admin"].org.kind == "district"
    assert users["dong1"].role == "worker" and users["dong1"].org.dong == "한빛1동"
    assert users["dong1lead"].role == "supervisor" and users["dong1lead"].org_id == users["dong1"].org_id
    assert users["center1"].org.kind == "welfare_center"
    assert users["dream1"].org.programme == "dream_start"
    assert users["hope1"].org.name == "한빛구 희망복지지원단"
    assert users["viewer"].role == "viewer"


def test_every_status_programme_and_dong_appears(demo):
    cases = list(db.session.scalars(select(Case)))
    assert {c.status for c in cases} == set(CASE_STATUSES)
    assert {c.programme for c in cases} == set(PROGRAMMES)
    assert len({c.household.dong for c in cases}) == 12
    assert demo["households"] == 40
    transitions = list(db.session.scalars(select(Transition)))
    assert {t.status for t in transitions} == set(TRANSITION_STATUSES)
    assert {t.kind for t in transitions} == {"referral", "transfer", "assign"}


def test_key_dates_follow_each_other_and_none_is_in_the_future(demo):
    today = seoul_today()
    order = ["found_on", "intake_on", "assessed_on", "conference_on", "selected_on", "plan_on",
             "closed_on", "completed_on"]
    for case in db.session.scalars(select(Case)):
        days = [getattr(case, name) for name in order if getattr(case, name)]
        assert days == sorted(days), case.number
        assert max(days) <= today, case.number


def test_dong1_sees_overdue_and_upcoming_work(app, demo):
    dong1 = db.session.scalar(select(User).where(User.username == "dong1"))
    client = _login(app, "dong1")
    today = seoul_today()
    mine = list(db.session.scalars(select(Case).where(Case.manager_id == dong1.id, Case.due_on.is_not(None))))
    overdue = [c for c in mine if c.due_on < today]
    upcoming = [c for c in mine if 0 <= (c.due_on - today).days <= 7]
    assert len(overdue) >= 2 and upcoming
    html = client.get("/cases/?overdue=1").get_data(as_text=True)
    assert all(c.number in html for c in overdue[:3])


def test_center1_has_a_pending_referral_from_dong1_under_consent(app, demo):
    center = db.session.scalar(select(User).where(User.username == "center1")).org
    dong1 = db.session.scalar(select(Organization).where(Organization.dong == "한빛1동"))
    pending = db.session.scalar(select(Transition).where(
        Transition.to_org_id == center.id, Transition.from_org_id == dong1.id,
        Transition.status == "requested", Transition.kind == "referral"))
    assert pending is not None
    from caseweb.referrals.services import consent_allows
    assert consent_allows(pending.case, center.id)
    html = _login(app, "center1").get("/referrals/").get_data(as_text=True)
    assert pending.case.number in html


def test_no_row_of_any_table_holds_a_plain_rrn(demo):
    from caseweb.crypto import birth_date_of, decrypt_rrn
    rows = db.session.execute(select(Household.__table__)).mappings().all()
    numbers = set()
    for row in rows:
        if row["rrn_encrypted"]:
            digits = decrypt_rrn(row["rrn_encrypted"])
            assert birth_date_of(digits) == row["birth_date"]
            assert row["rrn_masked"] == f"{digits[:6]}-{digits[6]}******"
            assert re.fullmatch(r"[0-9a-f]{64}", row["rrn_blind_index"]), row["number"]
            numbers.add(digits)
    assert len(numbers) > len(rows) // 2
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, bytes):
                    value = value.decode("latin-1")
                if not isinstance(value, str):
                    continue
                flat = value.replace("-", "")
                assert not any(n in flat for n in numbers), (table.name, column)
                # Free text must not hold anything shaped like an RRN either; a digest is hex,
                # where a 13-digit run is chance, not a number.
                if column != "rrn_blind_index" and not re.fullmatch(r"[0-9a-f]{64}", value):
                    assert not RRN_LIKE.search(value.replace("******", "")), (table.name, column)


def test_demo_people_are_the_same_people_on_any_date(app):
    def people():
        nested = db.session.begin_nested()
        load_demo(households=25, commit=False)
        rows = db.session.execute(select(Household.head_name, Household.birth_date,
                                         Household.rrn_blind_index).order_by(Household.number)).all()
        nested.rollback()
        return rows
    with time_machine.travel(datetime(2027, 2, 28, 15, 30, tzinfo=timezone.utc), tick=False):
        first = people()
    with time_machine.travel(datetime(2028, 12, 31, 14, 59, tzinfo=timezone.utc), tick=False):
        second = people()
    assert first == second


def test_neglect_case_is_closed_to_the_partner_without_consent(demo):
    case = next(c for c in db.session.scalars(select(Case).where(Case.programme == "child_protection"))
                if len(c.team) > 2)
    partners = {t.org.name: t.org for t in case.team if t.role == "partner"}
    assert can_see_case(partners["한빛11동 행정복지센터"].id, case)
    assert not can_see_case(partners["늘푸른종합사회복지관"].id, case)


def test_loading_twice_is_refused(demo):
    with pytest.raises(DemoAlreadyLoaded):
        load_demo(households=10, commit=False)


def test_same_seed_same_district(app):
    def snapshot():
        nested = db.session.begin_nested()
        load_demo(households=25, commit=False)
        rows = db.session.execute(select(Household.head_name, Household.address, Case.number, Case.status,
                                         Case.intake_on).join(Case).order_by(Case.number)).all()
        nested.rollback()
        return rows
    assert snapshot() == snapshot()


def test_cli_loads_and_then_leaves_a_loaded_database_alone(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo-data", "--households", "25"])
    assert "households 25" in result.output, result.output
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert "already has data" in again.output


def _login(app, username):
    client = app.test_client()
    r = AuthActions(client).login(username, app.config["DEMO_PASSWORD"])
    assert r.status_code == 302
    return client
