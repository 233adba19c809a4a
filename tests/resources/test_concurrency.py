"""One unit left, two workers linking at the same moment: one linkage, one Korean refusal.

Runs with real commits on real connections (not the rolled-back test transaction),
so set CASEWEB_TEST_DATABASE_URL to run it on PostgreSQL too.
"""
import threading
from datetime import date

from sqlalchemy import delete, select

from caseweb.extensions import db
from caseweb.models import Case, CaseTeam, Household, Linkage, Organization, Resource, ResourceProvider, User
from caseweb.resources import linkage

from ..factories import Factory
from .helpers import make_resource


def _race(app, resource_id, case_ids, user_ids, barrier):
    outcomes = []

    def worker(case_id, user_id):
        with app.test_request_context():  # the refusal is translated for the request's locale
            try:
                case, user = db.session.get(Case, case_id), db.session.get(User, user_id)
                resource = db.session.get(Resource, resource_id)
                db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would hold the write lock
                barrier.wait()
                linkage.link(case, user, resource=resource, domain="economy", linked_on=date(2026, 12, 1))
                db.session.commit()
                outcomes.append("linked")
            except linkage.LinkageRefused as refused:
                db.session.rollback()
                outcomes.append(str(refused))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=args) for args in zip(case_ids, user_ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


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
        outcomes = _race(_app, ids["resource"], ids["cases"], ids["users"], threading.Barrier(2))
        assert sorted(outcomes, key=len) == ["linked", "“마지막 한 봉”이 부족합니다: 잔여 0, 요청 1."], outcomes
        with _app.app_context():
            assert db.session.get(Resource, ids["resource"]).remaining == 0
            assert len(db.session.scalars(select(Linkage).where(Linkage.resource_id == ids["resource"])).all()) == 1
    finally:
        with _app.app_context():
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
