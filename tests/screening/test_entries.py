"""Entries: who sees them, results, the intake a result opens, manual reports, access log."""
from sqlalchemy import func, select

from caseweb.crypto import blind_index
from caseweb.extensions import db
from caseweb.models import AccessLog, Case, Household, ScreeningEntry

from ..households.helpers import valid_rrn
from .conftest import rows_csv, run_import, sample_rows


def _imported(district, login):
    c = login(district["w1"])
    imp, _ = run_import(c, rows_csv(sample_rows()))
    c.post(f"/screening/imports/{imp.id}/save")
    entries = {e.name: e for e in db.session.scalars(select(ScreeningEntry))}
    return c, entries


def test_entries_are_seen_by_their_dong_office_and_the_uploader_only(district, login):
    c1, entries = _imported(district, login)
    kim, park = entries["김순자"], entries["박정희"]
    c2 = login(district["w2"])  # 한빛2동 sees 박정희, not 김순자
    assert c2.get(f"/screening/entries/{park.id}").status_code == 200
    assert c2.get(f"/screening/entries/{kim.id}").status_code == 404
    page = c2.get(f"/screening/lists/{kim.list_id}?show=all").get_data(as_text=True)
    assert "박정희" in page and "김순자" not in page
    center = login(district["cw"])
    for url in (f"/screening/entries/{kim.id}", f"/screening/lists/{kim.list_id}"):
        assert center.get(url).status_code == 404
    for url in (f"/screening/entries/{kim.id}/outcome", f"/screening/entries/{kim.id}/assign"):
        assert center.post(url, data={"outcome": "refused", "outcome_on": "2026-11-03"}).status_code == 404
    assert db.session.get(ScreeningEntry, kim.id).outcome is None
    assert "김순자" not in center.get("/screening/").get_data(as_text=True)


def test_uploads_in_progress_are_404_to_other_organisations(district, login):
    c = login(district["w1"])
    from .conftest import upload
    import_id = int(upload(c, rows_csv(sample_rows())).headers["Location"].split("/")[-2])
    other = login(district["w2"])
    for url in ("", "/mapping"):
        assert other.get(f"/screening/imports/{import_id}{url}").status_code == 404
    for url in ("/check", "/save", "/cancel", "/mapping"):
        assert other.post(f"/screening/imports/{import_id}{url}").status_code == 404


def test_admins_do_not_read_entries(district, login, make):
    _c, entries = _imported(district, login)
    admin = login(make.user(district["d1"], "admin"))
    assert admin.get(f"/screening/entries/{entries['김순자'].id}").status_code == 403  # the role, not the object


def test_every_read_of_entries_is_logged(district, login):
    c, entries = _imported(district, login)
    kim = entries["김순자"]
    c.get(f"/screening/lists/{kim.list_id}")
    c.get(f"/screening/entries/{kim.id}")
    actions = db.session.execute(select(AccessLog.action, AccessLog.target).where(
        AccessLog.user_id == district["w1"].id)).all()
    assert ("screening_list_view", f"screening_list:{kim.list_id}") in actions
    assert ("screening_entry_view", f"screening_entry:{kim.id}") in actions


def test_case_management_result_opens_the_intake_form_filled_in_and_creates_nothing_yet(district, login):
    c, entries = _imported(district, login)
    kim = entries["김순자"]
    r = c.post(f"/screening/entries/{kim.id}/outcome",
               data={"outcome": "case_management", "outcome_on": "2026-11-05", "note": "방문 상담"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/screening/entries/{kim.id}/intake")
    db.session.expire_all()
    kim = db.session.get(ScreeningEntry, kim.id)
    assert kim.outcome == "case_management" and kim.worker_id == district["w1"].id
    assert kim.case_id is None and db.session.scalar(select(func.count(Case.id))) == 0
    assert db.session.scalar(select(func.count(Household.id))) == 0
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    form = page.split('id="intake-form"')[1]
    assert 'value="김순자"' in form and f'value="{kim.address}"' in form and 'value="1945-03-01"' in form
    assert 'value="2026-11-02"' in form  # found on: the day the list came in
    assert valid_rrn("450301200001") not in page and kim.rrn_masked in page  # the number stays sealed
    assert db.session.scalar(select(func.count(Case.id))) == 0  # looking at the form creates nothing
    # The entry page offers the form again until it is submitted.
    assert f"/screening/entries/{kim.id}/intake" in c.get(f"/screening/entries/{kim.id}").get_data(as_text=True)


def _intake_data(**changes):
    data = {"head_name": "김순자", "birth_date": "1945-03-01", "address": "서울 한빛구 한빛1동 햇살로 12",
            "dong": "한빛1동", "phone": "010-1111-3333", "programme": "integrated", "source": "공과금 체납",
            "found_on": "2026-11-02"}
    return {**data, **changes}


def test_submitting_the_reviewed_intake_registers_the_household_and_opens_the_case(district, login):
    c, entries = _imported(district, login)
    kim = entries["김순자"]
    c.post(f"/screening/entries/{kim.id}/outcome", data={"outcome": "case_management", "outcome_on": "2026-11-05"})
    bad = c.post(f"/screening/entries/{kim.id}/intake", data=_intake_data(head_name=""))
    assert bad.status_code == 422 and db.session.scalar(select(func.count(Case.id))) == 0
    r = c.post(f"/screening/entries/{kim.id}/intake", data=_intake_data())
    assert r.status_code == 302
    db.session.expire_all()
    kim = db.session.get(ScreeningEntry, kim.id)
    case = db.session.get(Case, kim.case_id)
    assert r.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.lead_org_id == district["d1"].id and case.status == "screening"
    assert case.found_on.isoformat() == "2026-11-02" and case.source == "공과금 체납"
    household = case.household
    # What the worker corrected is what is stored; the list's resident number comes along sealed.
    assert household.head_name == "김순자" and household.address == "서울 한빛구 한빛1동 햇살로 12"
    assert household.phone == "010-1111-3333"
    assert household.rrn_blind_index == blind_index(valid_rrn("450301200001", hyphen=False))
    assert household.created_by_org_id == district["d1"].id
    assert "김순자" in c.get(r.headers["Location"]).get_data(as_text=True)
    # Once opened, the form leads to the case; a second submission opens nothing more.
    again = c.post(f"/screening/entries/{kim.id}/intake", data=_intake_data())
    assert again.headers["Location"].endswith(f"/cases/{case.id}")
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_only_the_assigned_office_opens_the_intake(district, login):
    c, entries = _imported(district, login)
    kim, park = entries["김순자"], entries["박정희"]
    c.post(f"/screening/entries/{kim.id}/outcome", data={"outcome": "case_management", "outcome_on": "2026-11-05"})
    assert login(district["w2"]).get(f"/screening/entries/{kim.id}/intake").status_code == 404
    assert login(district["view1"]).post(f"/screening/entries/{kim.id}/intake", data=_intake_data()).status_code == 403
    # 한빛1동 uploaded 박정희's list but 한빛2동 screens it: no intake form for 한빛1동.
    r = c.get(f"/screening/entries/{park.id}/intake")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/screening/entries/{park.id}")
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_matched_visible_household_is_reused_for_the_intake(district, login, make):
    existing = make.household(district["d1"], head_name="김순자", rrn=valid_rrn("450301200001"))
    c, entries = _imported(district, login)
    kim = entries["김순자"]
    c.post(f"/screening/entries/{kim.id}/outcome", data={"outcome": "case_management", "outcome_on": "2026-11-05"})
    page = c.get(f"/screening/entries/{kim.id}/intake").get_data(as_text=True)
    assert existing.number in page and 'name="head_name"' not in page
    c.post(f"/screening/entries/{kim.id}/intake",
           data={"programme": "integrated", "source": "공과금 체납", "found_on": "2026-11-02"})
    db.session.expire_all()
    assert db.session.get(ScreeningEntry, kim.id).case.household_id == existing.id
    assert db.session.scalar(select(func.count(Household.id))) == 1


def test_other_results_are_recorded_without_a_case(district, login):
    c, entries = _imported(district, login)
    for name, outcome in (("김순자", "refused"), ):
        r = c.post(f"/screening/entries/{entries[name].id}/outcome",
                   data={"outcome": outcome, "outcome_on": "2026-11-06", "note": "본인 거부"})
        assert r.status_code == 302
    db.session.expire_all()
    kim = db.session.get(ScreeningEntry, entries["김순자"].id)
    assert (kim.outcome, kim.outcome_on.isoformat(), kim.outcome_note, kim.case_id) == (
        "refused", "2026-11-06", "본인 거부", None)
    r = c.post(f"/screening/entries/{kim.id}/outcome", data={"outcome": "", "outcome_on": ""})
    assert r.status_code == 422
    # The 한빛2동 entry is not 한빛1동's to screen, even though 한빛1동 uploaded the list.
    r = c.post(f"/screening/entries/{entries['박정희'].id}/outcome",
               data={"outcome": "refused", "outcome_on": "2026-11-06"})
    assert r.status_code == 422 and "배정된 행정복지센터만" in r.get_data(as_text=True)


def test_viewer_cannot_record_a_result(district, login):
    _c, entries = _imported(district, login)
    viewer = login(district["view1"])
    r = viewer.post(f"/screening/entries/{entries['김순자'].id}/outcome",
                    data={"outcome": "refused", "outcome_on": "2026-11-06"})
    assert r.status_code == 403


def test_uploader_sends_an_entry_to_another_office_and_the_office_assigns_a_worker(district, login):
    c, entries = _imported(district, login)
    park = entries["박정희"]
    r = c.post(f"/screening/entries/{park.id}/assign", data={"org_id": str(district["d1"].id), "worker_id": ""})
    assert r.status_code == 302
    r = c.post(f"/screening/entries/{park.id}/assign",
               data={"org_id": str(district["d1"].id), "worker_id": str(district["w1"].id)})
    assert r.status_code == 302
    db.session.expire_all()
    park = db.session.get(ScreeningEntry, park.id)
    assert park.assigned_org_id == district["d1"].id and park.worker_id == district["w1"].id
    c2 = login(district["w2"])
    assert c2.post(f"/screening/entries/{entries['김순자'].id}/assign",
                   data={"org_id": str(district["d2"].id)}).status_code == 404


def test_a_neighbours_report_is_a_manual_entry_for_the_dong_office(district, login):
    c = login(district["cw"])  # a welfare centre hears of a household in 한빛2동
    r = c.post("/screening/entries/new", data={"name": "홍말순", "birth_date": "1940-02-03", "dong": "한빛2동",
                                              "address": "한빛2동 11", "phone": "", "rrn": "",
                                              "reason": "며칠째 불이 꺼져 있다는 이웃 제보"})
    assert r.status_code == 302
    entry = db.session.scalar(select(ScreeningEntry).where(ScreeningEntry.name == "홍말순"))
    assert entry.assigned_org_id == district["d2"].id and entry.list.manual and entry.list.source == "neighbour"
    assert login(district["w2"]).get(f"/screening/entries/{entry.id}").status_code == 200
    r = c.post("/screening/entries/new", data={"name": "", "reason": ""})
    assert r.status_code == 422


def test_the_list_pages_keep_the_chosen_tab(district, login, app, monkeypatch):
    c, entries = _imported(district, login)
    list_id = entries["김순자"].list_id
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)  # two entries a page; 한빛1동 uploaded all three
    first = c.get(f"/screening/lists/{list_id}?show=all").get_data(as_text=True)
    assert f'href="/screening/lists/{list_id}?show=all&amp;page=2" rel="next"' in first
    second = c.get(f"/screening/lists/{list_id}?show=all&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and 'rel="next"' not in second
