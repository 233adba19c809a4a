"""Closure approval: a worker's closure is a request; a supervisor of the lead approves or returns it."""
import pytest
from sqlalchemy import func, select

from caseweb.cases import closure
from caseweb.cases.changes import WorkflowError
from caseweb.dashboard import services as dashboard
from caseweb.extensions import db
from caseweb.models import AccessLog, CaseEvent, Notification

from ..conftest import is_full_page
from .conftest import days_ago

HX = {"HX-Request": "true"}


def text(r):
    return r.get_data(as_text=True)


def notes_for(user, kind):
    return db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)).all()


def events(case, action):
    return db.session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.action == action)).all()


@pytest.fixture()
def supervisor(make, org):
    return make.user(org, "supervisor", name="박팀장")


def request_via_page(client, case, reason="목표달성", on=None, comment="목표를 모두 이루었습니다"):
    return client.post(f"/cases/{case.id}/close", data={
        "close-version": case.version, "close-closed_on": (on or days_ago(2)).isoformat(),
        "close-reason": reason, "close-comment": comment})


def pending_case(case_in, worker, request_ctx_app, reason="전출", on=None):
    case = case_in("service")
    with request_ctx_app.test_request_context():
        closure.request_closure(case, worker, on or days_ago(3), reason, "이사 예정")
    return case


# --- a worker's request --------------------------------------------------------------

def test_worker_close_becomes_a_request_and_tells_the_supervisors(
        app, login, make, org, worker, supervisor, case_in, reasons):
    second = make.user(org, "supervisor")
    retired = make.user(org, "supervisor", active=False)
    colleague = make.user(org, "worker")
    elsewhere = make.user(make.org(), "supervisor")
    case = case_in("service", household=make.household(org, head_name="이순자"))
    c = login(worker)
    page = text(c.get(f"/cases/{case.id}"))
    assert "종결 승인 요청" in page and f"/cases/{case.id}/close/approve" not in page

    r = request_via_page(c, case)
    assert r.status_code == 302
    db.session.refresh(case)
    assert case.status == "service" and case.closed_on is None        # still open
    assert case.closure_requested_on == days_ago(2) and case.closure_requested_reason == "목표달성"
    assert case.closure_requested_by_id == worker.id and case.closure_requested_at is not None
    assert case.closure_requested_comment == "목표를 모두 이루었습니다"
    assert len(events(case, "closure_requested")) == 1

    for boss in (supervisor, second):
        [note] = notes_for(boss, "closure_requested")
        assert case.number in note.message and "이순자" not in note.message
        assert note.link == f"/cases/{case.id}"
    for other in (retired, colleague, elsewhere, worker):
        assert notes_for(other, "closure_requested") == []

    page = text(c.get(f"/cases/{case.id}"))
    assert "종결 승인 대기" in page and 'id="closure-badge"' in page
    assert f"/cases/{case.id}/close/approve" not in page               # workers cannot answer it
    assert 'name="close-version"' not in page                          # nor ask twice


def test_second_request_is_refused(app, login, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app)
    with app.test_request_context(), pytest.raises(WorkflowError) as exc:
        closure.request_closure(case, worker, days_ago(1), "목표달성")
    assert exc.value.message == "이미 승인을 기다리는 종결 요청이 있습니다."
    r = request_via_page(login(worker), case, reason="거부")
    assert r.status_code == 409 and "이미 승인을 기다리는 종결 요청이 있습니다." in text(r)
    db.session.refresh(case)
    assert case.closure_requested_reason == "전출"


def test_request_needs_a_listed_reason_and_a_supervisor(app, make, org, worker, case_in, reasons):
    case = case_in("service")
    with app.test_request_context():
        with pytest.raises(WorkflowError):
            closure.request_closure(case, worker, days_ago(1), "폐지된 사유")
        with pytest.raises(WorkflowError) as exc:
            closure.request_closure(case, worker, days_ago(1), "목표달성")
    assert "슈퍼바이저가 없습니다" in exc.value.message
    assert not case.closure_pending


# --- the supervisor's answer ---------------------------------------------------------

def test_supervisor_approves_with_the_requested_date_and_reason(
        app, login, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app, reason="전출", on=days_ago(3))
    c = login(supervisor)
    page = text(c.get(f"/cases/{case.id}"))
    assert "종결 승인 대기" in page and "전출" in page and "김사례" in page and "이사 예정" in page
    assert f"/cases/{case.id}/close/approve" in page and f"/cases/{case.id}/close/return" in page

    r = c.post(f"/cases/{case.id}/close/approve", data={"approve-version": case.version})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case.id}")
    db.session.refresh(case)
    assert case.status == "closed" and case.closed_on == days_ago(3) and case.closure_reason == "전출"
    assert not case.closure_pending and case.next_contact_due is None
    [event] = events(case, "closure_approved")
    assert event.user_id == supervisor.id and event.detail["status"] == ["service", "closed"]
    [note] = notes_for(worker, "closure_approved")
    assert case.number in note.message
    assert "종결 승인 대기" not in text(c.get(f"/cases/{case.id}"))


def test_supervisor_returns_with_a_comment_in_the_history(app, login, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app)
    c = login(supervisor)
    r = c.post(f"/cases/{case.id}/close/return",
               data={"return-version": case.version, "return-comment": "사후 모니터링 계획을 먼저 세워 주세요"})
    assert r.status_code == 302
    db.session.refresh(case)
    assert case.status == "service" and not case.closure_pending and case.closure_requested_by_id is None
    assert len(events(case, "closure_returned")) == 1
    assert len(notes_for(worker, "closure_returned")) == 1
    history = text(login(worker).get(f"/cases/{case.id}/history"))
    assert "사후 모니터링 계획을 먼저 세워 주세요" in history and "종결 반려" in history
    # the worker may ask again once it came back
    with app.test_request_context():
        closure.request_closure(case, worker, days_ago(1), "목표달성")
    assert case.closure_pending


def test_return_needs_a_comment_422_page_or_fragment(app, login, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app)
    c = login(supervisor)
    r = c.post(f"/cases/{case.id}/close/return", data={"return-version": case.version, "return-comment": ""})
    assert r.status_code == 422 and is_full_page(text(r)) and 'aria-invalid="true"' in text(r)
    r = c.post(f"/cases/{case.id}/close/return", headers=HX,
               data={"return-version": case.version, "return-comment": ""})
    assert r.status_code == 422 and not is_full_page(text(r))
    assert 'id="tab-panel"' in text(r) and 'id="return-comment"' in text(r)
    db.session.refresh(case)
    assert case.closure_pending


def test_htmx_approve_redirects_and_stale_version_is_a_fragment(app, login, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app)
    c = login(supervisor)
    r = c.post(f"/cases/{case.id}/close/approve", headers=HX, data={"approve-version": case.version - 1})
    assert r.status_code == 409 and not is_full_page(text(r)) and "다른 사람이" in text(r)
    r = c.post(f"/cases/{case.id}/close/approve", data={"approve-version": case.version - 1})
    assert r.status_code == 409 and is_full_page(text(r))
    r = c.post(f"/cases/{case.id}/close/approve", headers=HX, data={"approve-version": case.version})
    assert r.status_code == 204 and r.headers["HX-Redirect"].endswith(f"/cases/{case.id}")
    db.session.refresh(case)
    assert case.status == "closed"
    assert db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == "case_closure_approve", AccessLog.case_id == case.id)) == 1


def test_worker_cannot_approve_or_return(app, login, make, org, worker, supervisor, case_in, reasons):
    case = pending_case(case_in, worker, app)
    colleague = login(make.user(org, "worker"))
    r = colleague.post(f"/cases/{case.id}/close/approve", data={"approve-version": case.version})
    assert r.status_code == 409
    assert "종결 승인과 반려는 주관기관의 슈퍼바이저만 할 수 있습니다." in text(r)
    r = colleague.post(f"/cases/{case.id}/close/return", headers=HX,
                       data={"return-version": case.version, "return-comment": "반려"})
    assert r.status_code == 409 and not is_full_page(text(r))
    with app.test_request_context(), pytest.raises(WorkflowError):
        closure.approve_closure(case, worker)
    db.session.refresh(case)
    assert case.status == "service" and case.closure_pending


def test_viewer_cannot_answer(login, make, org, worker, supervisor, case_in, reasons, app):
    case = pending_case(case_in, worker, app)
    r = login(make.user(org, "viewer")).post(f"/cases/{case.id}/close/approve", data={"approve-version": case.version})
    assert r.status_code == 403


def test_partner_cannot_request_or_approve(app, login, make, worker, supervisor, case_in, reasons):
    case = case_in("service")
    partner_org = make.org(name="지역복지관", kind="welfare_center", sector="private")
    make.partner(case, partner_org, sections=["overview", "notes"])
    make.consent(case.household, recipients=[partner_org])
    partner_worker = login(make.user(partner_org, "worker"))
    r = request_via_page(partner_worker, case)
    assert r.status_code == 409 and "주관기관" in text(r)
    db.session.refresh(case)
    assert not case.closure_pending

    with app.test_request_context():
        closure.request_closure(case, worker, days_ago(1), "목표달성")
    db.session.flush()
    partner_boss = login(make.user(partner_org, "supervisor"))
    assert "종결 승인 대기" in text(partner_boss.get(f"/cases/{case.id}"))
    r = partner_boss.post(f"/cases/{case.id}/close/approve", data={"approve-version": case.version})
    assert r.status_code == 409
    stranger = login(make.user(make.org(), "supervisor"))
    assert stranger.post(f"/cases/{case.id}/close/approve",
                         data={"approve-version": case.version}).status_code == 404
    db.session.refresh(case)
    assert case.status == "service" and case.closure_pending


def test_supervisor_still_closes_directly_but_not_over_a_pending_request(
        app, login, worker, supervisor, case_in, reasons):
    direct = case_in("service")
    r = request_via_page(login(supervisor), direct, reason="거부")
    assert r.status_code == 302
    db.session.refresh(direct)
    assert direct.status == "closed" and direct.closure_reason == "거부" and not direct.closure_pending
    waiting = pending_case(case_in, worker, app)
    with app.test_request_context(), pytest.raises(WorkflowError):
        closure.close(waiting, supervisor, days_ago(1), "목표달성")
    with app.test_request_context(), pytest.raises(WorkflowError) as exc:
        closure.approve_closure(direct, supervisor)
    assert exc.value.message == "승인을 기다리는 종결 요청이 없습니다."


def test_pending_request_keeps_monitoring_deadlines(app, worker, case_in, reasons, supervisor):
    case = case_in("service", last_contact_on=days_ago(40))
    from caseweb.cases.deadlines import recompute_due
    recompute_due(case)
    due_before = case.due_on
    with app.test_request_context():
        closure.request_closure(case, worker, days_ago(1), "목표달성")
    assert due_before is not None and case.due_on == due_before


# --- list and dashboard --------------------------------------------------------------

def test_list_filter_and_dashboard_tile(app, login, make, org, worker, supervisor, case_in, reasons):
    first = pending_case(case_in, worker, app)
    second = pending_case(case_in, worker, app)
    open_case = case_in("service")
    other_org = make.org()
    make.user(other_org, "supervisor")
    other_worker = make.user(other_org, "worker")
    foreign = make.case(other_org, manager=other_worker, status="service")
    with app.test_request_context():
        closure.request_closure(foreign, other_worker, days_ago(1), "목표달성")

    with app.test_request_context():
        [tile] = [t for t in dashboard.tiles(supervisor) if t["title"] == "종결 승인 대기"]
        assert tile["count"] == 2 and "closure=pending" in tile["url"]
        assert not [t for t in dashboard.tiles(worker) if t["title"] == "종결 승인 대기"]

    boss = login(supervisor)
    home = text(boss.get("/"))
    assert "종결 승인 대기" in home and "closure=pending" in home
    assert "종결 승인 대기" not in text(login(worker).get("/"))

    page = text(boss.get("/cases/?scope=org&closure=pending"))
    assert is_full_page(page) and "2건" in page
    assert first.number in page and second.number in page
    assert open_case.number not in page and foreign.number not in page
    frag = text(boss.get("/cases/?scope=org&closure=pending", headers=HX))
    assert not is_full_page(frag) and first.number in frag and open_case.number not in frag
    everything = text(boss.get("/cases/?scope=org"))
    assert open_case.number in everything
