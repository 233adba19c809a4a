"""Issue 10: no list page runs a query per row. Each list is loaded with a few rows, then
with several times as many; the number of SQL statements the page runs must not grow."""
import pytest
from sqlalchemy import event

from caseweb.extensions import db
from caseweb.models import AccessLog, Notification
from caseweb.referrals import services as referrals


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def _queries(client, path) -> int:
    counter = Counter()
    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        r = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert r.status_code == 200, (path, r.status_code)
    return counter.n


@pytest.fixture()
def district(app, make):
    lead = make.org(name="행복동 행정복지센터", dong="행복동")
    partner = make.org(name="중앙종합사회복지관", kind="welfare_center", sector="private")
    worker, admin = make.user(lead, "worker"), make.user(lead, "admin")
    partner_worker = make.user(partner, "worker")

    def grow(k):
        for _ in range(k):
            household = make.household(lead, dong="행복동")
            case = make.case(lead, household, manager=make.user(lead, "worker"), status="service")
            make.case(lead, make.household(lead), manager=worker, status="service")
            make.consent(household, [partner])
            with app.test_request_context("/"):
                referrals.send_referral(case, worker, partner, "연계 요청", ["overview"])
            db.session.add(Notification(user_id=worker.id, kind="referral_received", message="알림",
                                        link=f"/cases/{case.id}", case_number=case.number))
            db.session.add(AccessLog(user_id=make.user(lead, "worker").id, org_id=lead.id, action="case_view",
                                     case_id=case.id, household_id=household.id))
            make.org()
        db.session.flush()
    return grow, worker, admin, partner_worker


PAGES = [("worker", "/"), ("worker", "/cases/"), ("worker", "/cases/?scope=org"),
         ("worker", "/cases/?scope=org&q=홍길"), ("worker", "/households/"), ("worker", "/notifications/"),
         ("worker", "/referrals/?box=out"), ("partner", "/referrals/"),
         ("admin", "/admin/users"), ("admin", "/admin/organizations"), ("admin", "/admin/access-log")]


@pytest.mark.parametrize("who,path", PAGES)
def test_list_pages_do_not_query_per_row(district, login, who, path):
    grow, worker, admin, partner_worker = district
    client = login({"worker": worker, "admin": admin, "partner": partner_worker}[who])
    grow(2)
    _queries(client, path)  # warm caches that are filled once
    few = _queries(client, path)
    grow(6)
    _queries(client, path)  # new accounts and organisations dropped the remembered menus (caseweb/memo.py)
    many = _queries(client, path)
    assert many <= few, f"{path}: {few} queries with few rows, {many} with more"
