"""The demo district's conferences: what dong1 and center1 find when they log in."""
import pytest
from sqlalchemy import select

from caseweb.demo import load_demo
from caseweb.extensions import db
from caseweb.models import Conference, User

from ..conftest import AuthActions


@pytest.fixture()
def demo(app):
    with app.test_request_context():
        return load_demo(households=60, commit=False)


def _user(name):
    return db.session.scalar(select(User).where(User.username == name))


@pytest.fixture()
def login(app):
    def _login(user):
        client = app.test_client()
        r = AuthActions(client).login(user.username, password=app.config["DEMO_PASSWORD"])
        assert r.status_code == 302
        return client
    return _login


def test_demo_has_past_upcoming_and_solution_conferences(demo, login):
    conferences = list(db.session.scalars(select(Conference)))
    kinds = {(c.kind, c.status) for c in conferences}
    assert ("integrated", "confirmed") in kinds and ("integrated", "scheduled") in kinds
    assert ("solution", "scheduled") in kinds
    committee = next(c for c in conferences if c.kind == "solution")
    assert any(a.user_id is None and a.role for a in committee.attendees)  # external experts
    past = next(c for c in conferences if c.status == "confirmed")
    assert any(d.applied_at for item in past.agenda for d in item.decisions)


def test_center1_sees_its_tasks_and_a_restricted_row(demo, login):
    client = login(_user("center1"))
    dashboard = client.get("/").get_data(as_text=True)
    assert "밑반찬 지원 연계 후 결과 회신" in dashboard
    upcoming = next(c for c in db.session.scalars(select(Conference).where(Conference.status == "scheduled",
                                                                            Conference.kind == "integrated")))
    page = client.get(f"/conferences/{upcoming.id}").get_data(as_text=True)
    assert "비공개 사례" in page
    # By case number: two demo households may share a name (이서영 twice), so a name on the
    # page does not say which row showed it.
    restricted = [i for i in upcoming.agenda if i.case.number not in page]
    assert restricted, "one agenda case is hidden from center1"
    shown_names = {i.case.household.head_name for i in upcoming.agenda if i not in restricted}
    for item in restricted:
        assert item.case.household.head_name in shown_names or item.case.household.head_name not in page
    assert login(_user("dong1")).get(f"/conferences/{upcoming.id}").status_code == 200
