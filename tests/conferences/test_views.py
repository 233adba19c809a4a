"""Conference pages as each organisation sees them: restricted rows, refusals, 404s, fragments, tasks."""
import pytest
from sqlalchemy import select

from caseweb.conferences import decisions, minutes, services
from caseweb.extensions import db
from caseweb.models import AccessLog, Conference

from ..conftest import is_full_page
from .conftest import schedule

SECRETS = ("비밀가구", "비밀로 99", "정신건강 위기 메모", "900101", "선정 여부 비밀 질문", "비밀 논의 내용", "비밀 사정 요약")


@pytest.fixture()
def conf(world, request_ctx):
    """An integrated conference with the secret case on it: center1 is invited but may not see that case."""
    c = schedule(world, org_ids=[])  # consent for the secret case covers nobody: add it before inviting
    services.add_case(c, world.worker, world.shared, "협력기관 결정")
    item = services.add_case(c, world.worker, world.secret, "선정 여부 비밀 질문")
    minutes.save_discussion(item, world.worker, "비밀 논의 내용", item.version)
    decisions.record(item, world.worker, kind="selection", selection_kind="case_management", level="high_difficulty",
                     note="비밀 사정 요약")
    from caseweb.models import Assessment, ConferenceOrg
    db.session.add(Assessment(case_id=world.secret.id, assessed_on=world.secret.found_on, needs={"health_mental": 3},
                              summary="비밀 사정 요약", crisis_level="high"))
    c.invitations.append(ConferenceOrg(org_id=world.center.id))  # as if consent had covered it when invited
    minutes.add_action(c, world.worker, what="센터 방문", assignee_org_id=world.center.id, item=None)
    db.session.flush()
    return c


def _pages(c):
    base = f"/conferences/{c.id}"
    return [base, base + "/print", base + "/attendance", base + ".ics", "/conferences/feed.ics", "/conferences/",
            "/conferences/calendar?month=" + c.starts_at.strftime("%Y-%m"), "/"]


def test_restricted_rows_show_nothing_of_the_case_anywhere(conf, world, login):
    client = login(world.cworker)
    for url in _pages(conf):
        for headers in ({}, {"HX-Request": "true"}):
            r = client.get(url, headers=headers)
            assert r.status_code == 200, url
            body = r.get_data(as_text=True)
            for secret in SECRETS:
                assert secret not in body, (url, secret)
    page = client.get(f"/conferences/{conf.id}").get_data(as_text=True)
    assert "비공개 사례" in page and "한빛1동 행정복지센터" in page and "공유가구" not in page  # not a partner yet
    item = conf.agenda[1]
    for url in (f"/conferences/{conf.id}/agenda/{item.id}/summary", f"/conferences/case/{world.secret.id}"):
        assert client.get(url).status_code == 404
    for url, data in ((f"/conferences/{conf.id}/agenda/{item.id}/minutes", {f"m{item.id}-discussion": "x",
                                                                           f"m{item.id}-version": item.version}),
                      (f"/conferences/{conf.id}/agenda/{item.id}/decisions", {f"d{item.id}-kind": "partner"})):
        assert client.post(url, data=data).status_code == 404


def test_the_host_sees_the_case_and_each_read_is_logged(conf, world, login):
    client = login(world.worker)
    body = client.get(f"/conferences/{conf.id}").get_data(as_text=True)
    assert "비밀가구" in body and "비밀 논의 내용" in body
    logged = set(db.session.scalars(select(AccessLog.case_id).where(AccessLog.action == "conference_agenda_view")))
    assert {world.shared.id, world.secret.id} <= logged
    summary = client.get(f"/conferences/{conf.id}/agenda/{conf.agenda[1].id}/summary").get_data(as_text=True)
    assert "비밀 사정 요약" in summary


def test_agenda_visibility_is_one_query_for_the_whole_agenda(conf, world, app):
    from sqlalchemy import event
    from caseweb.conferences import queries
    statements = []
    with app.test_request_context():
        from flask_login import login_user
        login_user(world.cworker)
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            queries.agenda_rows(conf, world.center.id, log_as=None)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if "SELECT" in s]) <= 3, statements


@pytest.mark.parametrize("path", ["", "/print", "/attendance", ".ics"])
def test_an_uninvited_org_gets_404(conf, world, login, path):
    assert login(world.outsider).get(f"/conferences/{conf.id}{path}").status_code == 404


def test_an_uninvited_org_cannot_add_a_case(conf, world, login, make):
    case = make.case(world.other, status="assessed")
    r = login(world.outsider).post(f"/conferences/{conf.id}/agenda", data={"case_id": case.id, "question": "q"})
    assert r.status_code == 404


def test_no_consent_refusal_names_the_org(world, login, request_ctx, make):
    c = schedule(world)
    case = make.case(world.dong, household=make.household(world.dong, head_name="동의없음"), status="assessed")
    r = login(world.worker).post(f"/conferences/{c.id}/agenda", data={"case_id": case.id, "question": "선정 여부"})
    body = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "한빛종합사회복지관" in body and "동의" in body and "선정 여부" in body  # the typed question is kept
    assert not c.agenda


def test_editing_confirmed_minutes_is_refused(conf, world, login):
    conf.status = "held"
    decisions.confirm(conf, world.lead)
    db.session.flush()
    item = conf.agenda[0]
    r = login(world.worker).post(f"/conferences/{conf.id}/agenda/{item.id}/minutes",
                                 data={f"m{item.id}-discussion": "고침", f"m{item.id}-version": item.version},
                                 headers={"HX-Request": "true"})
    assert r.status_code == 409 and "확정되어 더 이상 수정할 수 없습니다" in r.get_data(as_text=True)


def test_a_viewer_cannot_edit(conf, world, login):
    client = login(world.viewer)
    assert client.get(f"/conferences/{conf.id}").status_code == 200
    item = conf.agenda[0]
    r = client.post(f"/conferences/{conf.id}/agenda/{item.id}/minutes",
                    data={f"m{item.id}-discussion": "x", f"m{item.id}-version": item.version})
    assert r.status_code == 403
    assert "Save the minutes" not in client.get(f"/conferences/{conf.id}").get_data(as_text=True)


def test_posts_need_csrf(conf, world, login):
    item = conf.agenda[0]
    r = login(world.worker).post(f"/conferences/{conf.id}/agenda/{item.id}/minutes", csrf=False,
                                 data={f"m{item.id}-discussion": "x", f"m{item.id}-version": item.version})
    assert r.status_code == 400
    assert conf.agenda[0].discussion is None


def test_second_note_taker_gets_the_other_text(conf, world, login, make):
    item = conf.agenda[0]
    version = item.version
    first, second = login(world.worker), login(world.lead)
    url = f"/conferences/{conf.id}/agenda/{item.id}/minutes"
    r1 = first.post(url, data={f"m{item.id}-discussion": "김민지 기록", f"m{item.id}-version": version},
                    headers={"HX-Request": "true"})
    assert r1.status_code == 200 and not is_full_page(r1.get_data(as_text=True))
    r2 = second.post(url, data={f"m{item.id}-discussion": "박정호 기록", f"m{item.id}-version": version},
                     headers={"HX-Request": "true"})
    body = r2.get_data(as_text=True)
    assert r2.status_code == 409 and "김민지 기록" in body and "박정호 기록" in body
    assert r2.headers["HX-Retarget"] == f"#minutes-{item.id}"
    db.session.refresh(item)
    assert item.discussion == "김민지 기록"


def test_action_items_become_tasks_and_disappear_when_done(conf, world, login):
    client = login(world.cworker)
    assert "센터 방문" not in client.get("/").get_data(as_text=True)  # not before the minutes are confirmed
    conf.status = "held"
    db.session.flush()
    # The secret case's decision cannot apply unless its lead takes part: it does (the host leads it).
    decisions.confirm(conf, world.lead)
    db.session.flush()
    assert "센터 방문" in client.get("/").get_data(as_text=True)
    assert "센터 방문" not in login(world.outsider).get("/").get_data(as_text=True)
    action = conf.action_items[0]
    r = client.post(f"/conferences/actions/{action.id}/done", headers={"HX-Request": "true"})
    assert r.status_code == 200 and not is_full_page(r.get_data(as_text=True))
    assert "센터 방문" not in client.get("/").get_data(as_text=True).split("my-actions")[1]
    assert login(world.outsider).post(f"/conferences/actions/{action.id}/done").status_code == 404


def test_fragments_are_fragments(conf, world, login):
    client = login(world.worker)
    item = conf.agenda[0]
    r = client.post(f"/conferences/{conf.id}/agenda/{item.id}/decisions", headers={"HX-Request": "true"},
                    data={f"d{item.id}-kind": "partner", f"d{item.id}-org_id": world.center.id})
    assert r.status_code == 200 and not is_full_page(r.get_data(as_text=True))
    assert "한빛종합사회복지관" in r.get_data(as_text=True)
    r = client.get("/conferences/calendar", headers={"HX-Request": "true"})
    assert r.status_code == 200 and not is_full_page(r.get_data(as_text=True))
    r = client.get(f"/conferences/case/{world.shared.id}", headers={"HX-Request": "true"})
    assert r.status_code == 200 and not is_full_page(r.get_data(as_text=True)) and conf.title in r.get_data(as_text=True)


def test_ics_has_no_personal_data(conf, world, login):
    body = login(world.worker).get(f"/conferences/{conf.id}.ics").get_data(as_text=True)
    assert "BEGIN:VEVENT" in body and "통합사례회의" in body
    for text in ("비밀가구", "공유가구", world.worker.name, world.lead.name, "협력기관 결정", "센터 방문"):
        assert text not in body


def test_action_items_are_added_and_removed_in_place(conf, world, login):
    client = login(world.worker)
    item = conf.agenda[0]
    r = client.post(f"/conferences/{conf.id}/actions", headers={"HX-Request": "true"},
                    data={"item_id": item.id, f"a{item.id}-what": "주거급여 신청 안내",
                          f"a{item.id}-assignee_org_id": world.center.id, f"a{item.id}-assignee_user_id": 0})
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(body) and "주거급여 신청 안내" in body
    assert f'id="actions-block-{item.id}"' in body
    r = client.post(f"/conferences/{conf.id}/actions", headers={"HX-Request": "true"},
                    data={"item_id": item.id, f"a{item.id}-what": "", f"a{item.id}-assignee_org_id": world.center.id})
    assert r.status_code == 422 and "무엇을 누가 할지" in r.get_data(as_text=True)
    action = next(a for a in conf.action_items if a.what == "주거급여 신청 안내")
    r = client.post(f"/conferences/actions/{action.id}/remove", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "주거급여 신청 안내" not in r.get_data(as_text=True)


def test_the_page_costs_the_same_queries_for_a_long_agenda(world, login, make, request_ctx):
    """No query per agenda row: two cases or eight, the page reads the database as often."""
    from sqlalchemy import event

    def count(conference):
        client = login(world.worker)
        statements = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/conferences/{conference.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    small, large = schedule(world), schedule(world)
    for conference, n in ((small, 2), (large, 8)):
        for i in range(n):
            case = make.case(world.dong, status="assessed")
            make.consent(case.household, recipients=[world.center], user=world.worker)
            services.add_case(conference, world.worker, case, f"안건 {i}")
    count(schedule(world))  # another conference's page fills the per-process menus (caseweb/memo.py)
    small_count, large_count = count(small), count(large)
    print("page SELECTs:", small_count, large_count)
    assert large_count == small_count
