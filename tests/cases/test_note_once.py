"""Issue 10: notes never conflict with notes, a repeated submission stores once, a 409 keeps the typed text."""
import re

from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import Note
from caseweb.timeutil import seoul_today

TODAY = seoul_today().isoformat()
HX = {"HX-Request": "true"}
TOKEN_RE = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


def text(r):
    return r.get_data(as_text=True)


def _token(client, case):
    return TOKEN_RE.search(text(client.get(f"/cases/{case.id}/notes"))).group(1)


def _note(client, case, body, token=None, **kw):
    data = {"kind": "phone", "contact_on": TODAY, "body": body}
    if token:
        data["form_token"] = token
    return client.post(f"/cases/{case.id}/notes", data=data, **kw)


def _count(case, body):
    return db.session.scalar(select(func.count(Note.id)).where(Note.case_id == case.id, Note.body == body))


def test_a_repeated_submission_stores_the_note_once(login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    token = _token(c, case)
    assert _note(c, case, "전화 상담: 생계 지원 안내", token).status_code == 302
    again = _note(c, case, "전화 상담: 생계 지원 안내", token)  # the answer was lost; the user retries
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/cases/{case.id}/notes")
    assert _count(case, "전화 상담: 생계 지원 안내") == 1
    assert "이미 저장된 상담일지입니다." in text(c.get(f"/cases/{case.id}/notes"))


def test_an_htmx_double_click_stores_once_and_reloads_the_list(login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    token = _token(c, case)
    first = _note(c, case, "방문 상담", token, headers=HX)
    assert first.status_code == 200 and "방문 상담" in text(first)
    fresh = TOKEN_RE.search(text(first)).group(1)
    assert fresh != token  # the form that comes back is ready for the next note
    second = _note(c, case, "방문 상담", token, headers=HX)
    assert second.status_code == 204 and second.headers["HX-Redirect"].endswith(f"/cases/{case.id}/notes")
    assert _count(case, "방문 상담") == 1
    assert _note(c, case, "방문 상담", fresh, headers=HX).status_code == 200  # a new note, on purpose
    assert _count(case, "방문 상담") == 2


def test_a_refused_form_keeps_its_token_usable(login, worker, case_in):
    case = case_in("service")
    c = login(worker)
    token = _token(c, case)
    r = _note(c, case, "", token)
    assert r.status_code == 422 and token in text(r)
    assert _note(c, case, "다시 작성한 일지", token).status_code == 302
    assert _count(case, "다시 작성한 일지") == 1


def test_notes_from_two_people_do_not_conflict(login, make, org, worker, case_in):
    case = case_in("service")
    version = case.version
    colleague = make.user(org, "worker")
    a, b = login(worker), login(colleague)
    token_a, token_b = _token(a, case), _token(b, case)
    assert _note(b, case, "동료의 일지", token_b).status_code == 302
    assert _note(a, case, "나의 일지", token_a).status_code == 302
    db.session.refresh(case)
    assert case.version == version  # a form opened before the notes still applies
    assert _count(case, "동료의 일지") == 1 and _count(case, "나의 일지") == 1
    r = a.post(f"/cases/{case.id}/reassess", data={
        "reassess-version": version, "reassess-assessed_on": TODAY, "reassess-crisis_level": "low"})
    assert r.status_code == 302


def test_a_stale_workflow_form_keeps_what_was_typed(login, make, org, worker, case_in, reasons):
    case = case_in("service")
    version = case.version
    first, second = login(worker), login(make.user(org, "worker"))  # a worker's close is a request with a comment
    assert first.post(f"/cases/{case.id}/reassess", data={
        "reassess-version": version, "reassess-assessed_on": TODAY, "reassess-crisis_level": "low"}).status_code == 302
    r = second.post(f"/cases/{case.id}/close", data={
        "close-version": version, "close-closed_on": TODAY, "close-reason": "거부",
        "close-comment": "본인이 서비스를 원하지 않음 (2회 방문 확인)"})
    assert r.status_code == 409
    assert "본인이 서비스를 원하지 않음 (2회 방문 확인)" in text(r)
    db.session.refresh(case)
    assert f'name="close-version" type="hidden" value="{case.version}"' in text(r)


def test_a_stale_note_edit_keeps_the_typed_text_and_shows_the_saved_one(login, make, org, worker, case_in):
    case = case_in("service")
    c = login(worker)
    assert _note(c, case, "처음 내용", _token(c, case)).status_code == 302
    note = db.session.scalar(select(Note).where(Note.case_id == case.id, Note.body == "처음 내용"))
    old_version = note.version
    other = login(make.user(org, "worker"))
    assert other.post(f"/cases/{case.id}/notes/{note.id}/edit", data={
        "version": old_version, "contact_on": TODAY, "body": "동료가 고친 내용"}).status_code == 302
    r = c.post(f"/cases/{case.id}/notes/{note.id}/edit", data={
        "version": old_version, "contact_on": TODAY, "body": "내가 고친 내용"})
    assert r.status_code == 409
    assert "내가 고친 내용" in text(r) and "동료가 고친 내용" in text(r)
