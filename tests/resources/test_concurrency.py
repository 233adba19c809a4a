"""Concurrent posts on stock: the last unit goes to one of two linkers; two cancellations give back once.

Runs with real commits on real connections (not the rolled-back test transaction),
so set CASEWEB_TEST_DATABASE_URL to run it on PostgreSQL too.
"""
import threading
from datetime import date

from sqlalchemy import delete, select

from caseweb.extensions import db
from caseweb.models import Case, CaseEvent, CaseTeam, Household, Linkage, Organization, Resource, ResourceProvider, User
from caseweb.resources import linkage

from ..factories import Factory
from .helpers import make_resource


def test_the_last_unit_goes_to_exactly_one_of_two_linkers(_app):
    with _app.app_context(), _app.test_request_context():
        make = Factory()
        org = make.org("동시성 시험 기관")
        users = [make.user(org), make.user(org)]
        cases = [make.case(org, status="service"), make.case(org, status="service")]
        resource = make_resource(org, "마지막 한 봉", domain="economy", remaining=1)
        db.session.commit()
        ids = dict(resource=resource.id, cases=[c.id for c in cases], users=[u.id for u in users],
                   households=[c.household_id for c in cases], org=org.id, provider=resource.provider_id)
        db.session.remove()
    try:
        def link_to(case_id):
            def job(user):
                case, resource = db.session.get(Case, case_id), db.session.get(Resource, ids["resource"])
                return lambda: linkage.link(case, user, resource=resource, domain="economy",
                                            linked_on=date(2026, 12, 1))
            return job

        outcomes = _at_once(_app, [(link_to(c), u) for c, u in zip(ids["cases"], ids["users"])])
        assert sorted(outcomes, key=len) == ["done", "“마지막 한 봉”이 부족합니다: 잔여 0, 요청 1."], outcomes
        with _app.app_context():
            assert db.session.get(Resource, ids["resource"]).remaining == 0
            assert len(db.session.scalars(select(Linkage).where(Linkage.resource_id == ids["resource"])).all()) == 1
    finally:
        _cleanup(_app, ids)


def _cleanup(app, ids):
    """Real commits: take away what the test made."""
    with app.app_context():
        db.session.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(ids["cases"])))
        db.session.execute(delete(Linkage).where(Linkage.resource_id == ids["resource"]))
        db.session.execute(delete(Resource).where(Resource.id == ids["resource"]))
        db.session.execute(delete(ResourceProvider).where(ResourceProvider.id == ids["provider"]))
        db.session.execute(delete(CaseTeam).where(CaseTeam.case_id.in_(ids["cases"])))
        db.session.execute(delete(Case).where(Case.id.in_(ids["cases"])))
        for hid in ids["households"]:
            db.session.delete(db.session.get(Household, hid))
        db.session.execute(delete(User).where(User.id.in_(ids["users"])))
        db.session.execute(delete(Organization).where(Organization.id == ids["org"]))
        db.session.commit()
        db.session.remove()


def _at_once(app, jobs):
    """Run each job(user) in its own thread and session, all released together; their outcomes.

    Each is a form post. On PostgreSQL both read the linkage first and race at the
    conditional UPDATE. A SQLite post holds the write lock from its first read
    (BEGIN IMMEDIATE), so there the read ends before the race and the posts queue.
    """
    barrier, outcomes = threading.Barrier(len(jobs)), []

    def worker(job, user_id):
        with app.test_request_context(method="POST"):
            try:
                user = db.session.get(User, user_id)
                prepared = job(user)
                if db.engine.dialect.name == "sqlite":
                    db.session.commit()
                barrier.wait()
                prepared()
                db.session.commit()
                outcomes.append("done")
            except linkage.LinkageRefused as refused:
                db.session.rollback()
                outcomes.append(str(refused))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_two_cancellations_at_once_give_the_units_back_once(_app):
    with _app.app_context(), _app.test_request_context():
        make = Factory()
        org = make.org("동시 취소 기관")
        users = [make.user(org), make.user(org)]
        case = make.case(org, status="service")
        resource = make_resource(org, "동시 취소 자원", domain="economy", remaining=5)
        lk = linkage.link(case, users[0], resource=resource, domain="economy", linked_on=date(2026, 12, 1),
                          quantity=3)
        db.session.commit()
        ids = dict(resource=resource.id, cases=[case.id], users=[u.id for u in users], linkage=lk.id,
                   households=[case.household_id], org=org.id, provider=resource.provider_id)
        db.session.remove()

    def cancel(user):
        found = db.session.get(Linkage, ids["linkage"])
        found.taken  # read what it holds before the race, as a request does
        return lambda: linkage.cancel(found, user, "동시에")

    def correct(user):
        found = db.session.get(Linkage, ids["linkage"])
        found.taken
        return lambda: linkage.correct(found, user, linked_on=found.linked_on, quantity=1, amount_krw=None,
                                       note="줄임")

    try:
        outcomes = _at_once(_app, [(cancel, ids["users"][0]), (cancel, ids["users"][1])])
        assert outcomes.count("done") == 1 and len(outcomes) == 2, outcomes
        assert set(outcomes) - {"done"} <= {"그사이 다른 사람이 이 연계를 수정하거나 취소했습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
                                            "이미 취소된 연계입니다."}
        with _app.app_context():
            assert db.session.get(Resource, ids["resource"]).remaining == 5  # 2 + 3, not 2 + 3 + 3
        # A correction racing a cancellation: whichever wins, the units add up.
        with _app.app_context(), _app.test_request_context():
            user = db.session.get(User, ids["users"][0])
            case, resource = db.session.get(Case, ids["cases"][0]), db.session.get(Resource, ids["resource"])
            ids["linkage"] = linkage.link(case, user, resource=resource, domain="economy",
                                          linked_on=date(2026, 12, 1), quantity=3).id
            db.session.commit()
            db.session.remove()
        outcomes = _at_once(_app, [(cancel, ids["users"][0]), (correct, ids["users"][1])])
        assert "done" in outcomes and len(outcomes) == 2, outcomes
        with _app.app_context():
            lk = db.session.get(Linkage, ids["linkage"])
            remaining = db.session.get(Resource, ids["resource"]).remaining
            assert remaining + lk.taken == 5, (remaining, lk.taken, outcomes)
    finally:
        _cleanup(_app, ids)
