"""오늘 방문 (cards with a one-tap note that clears the overdue flag) and the supervisor's team board."""
from datetime import date, timedelta

from caseweb.cases.deadlines import recompute_due
from caseweb.extensions import db
from caseweb.models import Assessment, Note
from caseweb.timeutil import seoul_today

HX = {"HX-Request": "true"}


def _overdue_case(make, org, manager, **household):
    today = seoul_today()
    hh = make.household(org, head_name=household.pop("head_name", "박순자"), birth_date=date(1948, 2, 1),
                        address="한빛로 12, 101동 1203호", phone="010-2222-3333")
    case = make.case(org, household=hh, manager=manager, status="service", kind="case_management", level="general",
                     plan_on=today - timedelta(days=60), last_contact_on=today - timedelta(days=40),
                     next_contact_due=today - timedelta(days=3))
    recompute_due(case)
    db.session.add(Assessment(case_id=case.id, assessed_on=today - timedelta(days=70),
                              needs={"health_physical": 3, "social_isolation": 2, "economy_basic": 1}))
    db.session.flush()
    return case


def test_today_shows_a_card_and_the_note_clears_the_overdue_flag(login, make):
    org = make.org()
    worker = make.user(org, "worker")
    case = _overdue_case(make, org, worker)
    c = login(worker)
    page = c.get("/today").get_data(as_text=True)
    assert "박순자" in page and "한빛로 12" in page and "010-2222-3333" in page
    assert "신체적 건강" in page and "기한 지남" in page
    assert f'id="visit-{case.id}"' in page
    r = c.post(f"/today/{case.id}/note", headers=HX, data={
        f"visit{case.id}-kind": "visit", f"visit{case.id}-body": "약 복용 확인, 식사 잘 하심"})
    assert r.status_code == 200
    card = r.get_data(as_text=True)
    assert "<html" not in card and "상담일지를 저장했습니다" in card and "기한 지남" not in card
    db.session.refresh(case)
    assert case.due_on > seoul_today() and case.last_contact_on == seoul_today()
    assert db.session.query(Note).filter_by(case_id=case.id, body="약 복용 확인, 식사 잘 하심").count() == 1
    assert "박순자" not in c.get("/today").get_data(as_text=True)


def test_today_note_needs_text_and_keeps_it(login, make):
    org = make.org()
    worker = make.user(org, "worker")
    case = _overdue_case(make, org, worker)
    r = login(worker).post(f"/today/{case.id}/note", headers=HX, data={f"visit{case.id}-kind": "phone",
                                                                     f"visit{case.id}-body": ""})
    assert r.status_code == 422 and 'role="alert"' in r.get_data(as_text=True)


def test_today_note_on_another_orgs_case_is_404(login, make):
    org = make.org()
    case = _overdue_case(make, org, make.user(org, "worker"))
    stranger = make.user(make.org(), "worker")
    r = login(stranger).post(f"/today/{case.id}/note", data={f"visit{case.id}-kind": "visit",
                                                           f"visit{case.id}-body": "x"})
    assert r.status_code == 404
    assert db.session.query(Note).filter_by(case_id=case.id).count() == 0


def test_team_board_counts_per_worker_with_links(login, make):
    org = make.org()
    boss = make.user(org, "supervisor", name="박정호")
    kim = make.user(org, "worker", name="김민지")
    _overdue_case(make, org, kim)
    make.case(org, manager=kim, status="intake")
    lee = make.user(org, "worker", name="이수진")
    other = make.org()
    make.case(other, manager=make.user(other, "worker"), status="intake")  # another office: not counted
    page = login(boss).get("/team").get_data(as_text=True)
    row = page[page.index("김민지"):page.index("</tr>", page.index("김민지"))]
    assert f"manager={kim.id}" in row and ">2</a>" in row and ">1</a>" in row
    assert "이수진" in page and "박정호" in page
    assert login(kim).get("/team").status_code == 403
