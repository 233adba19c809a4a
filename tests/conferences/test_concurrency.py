"""Two supervisors confirming the same minutes at the same moment: exactly one applies the decisions.

Runs on a database of its own (committed data, real concurrent transactions), not in the
rolled-back test transaction: a SQLite file, or with CASEWEB_TEST_DATABASE_URL a PostgreSQL
database beside the test one, where the conditional UPDATE's row lock decides the winner.
"""
import tempfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseweb import create_app
from caseweb.conferences import decisions, services
from caseweb.conferences.services import ConferenceRefused
from caseweb.extensions import db
from caseweb.models import CaseEvent, CaseTeam, Conference, User

from ..conftest import TEST_DB_URL
from ..factories import Factory
from .conftest import build_world, schedule


def _own_database(instance: str) -> str:
    """A database of this test's own: a SQLite file, or `<test db>_race` beside the PostgreSQL test database."""
    if not TEST_DB_URL:
        return f"sqlite:///{Path(instance) / 'race.sqlite3'}"
    import psycopg
    from sqlalchemy.engine import make_url
    url = make_url(TEST_DB_URL)
    name = f"{url.database}_race"
    server = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture()
def file_app():
    instance = tempfile.mkdtemp(prefix="caseweb-conf-race-")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance, "SECRET_KEY": "x", "RRN_KEY": "11" * 32,
                      "SQLALCHEMY_DATABASE_URI": _own_database(instance),
                      "RATELIMIT_ENABLED": False, "SERVER_NAME": "localhost"})
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _world(app):
    with app.app_context(), app.test_request_context():
        w = build_world(Factory())
        conf = schedule(w)
        item = services.add_case(conf, w.worker, w.shared, "선정 여부")
        decisions.record(item, w.worker, kind="selection", selection_kind="case_management", level="general")
        decisions.record(item, w.worker, kind="partner", org_id=w.center.id)
        services.hold(conf, w.lead, {w.center.id}, set())
        second = Factory().user(w.dong, "supervisor", name="두번째팀장")
        db.session.commit()
        return conf.id, w.lead.id, second.id, w.shared.id, w.center.id


def test_two_confirmations_at_once_apply_each_decision_once(file_app):
    conf_id, lead_id, second_id, case_id, center_id = _world(file_app)
    barrier = threading.Barrier(2)
    results = []

    def confirm(user_id):
        with file_app.app_context(), file_app.test_request_context():
            # Both load the page while the minutes are still 'held' (objects outlive the commit), then
            # press confirm together: only the conditional UPDATE can tell them apart.
            conference = db.session.get(Conference, conf_id)
            user = db.session.get(User, user_id)
            _agenda = [d for item in conference.agenda for d in item.decisions]
            db.session.commit()
            barrier.wait()
            try:
                applied = decisions.confirm(conference, user)
                db.session.commit()
                results.append(("ok", applied))
            except ConferenceRefused as exc:
                db.session.rollback()
                results.append(("refused", exc.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm, args=(uid,)) for uid in (lead_id, second_id)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    assert [r[1] for r in results if r[0] == "ok"] == [2]
    with file_app.app_context():
        selects = db.session.scalar(select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == case_id, CaseEvent.action == "select"))
        decided = db.session.scalar(select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == case_id, CaseEvent.action.like("conference_%")))
        partners = db.session.scalar(select(func.count(CaseTeam.id)).where(
            CaseTeam.case_id == case_id, CaseTeam.org_id == center_id))
        assert (selects, decided, partners) == (1, 2, 1)
        assert db.session.get(Conference, conf_id).status == "confirmed"
