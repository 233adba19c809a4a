"""Who sees what on /reports, every drill-down link, downloads with a reason, the access-log review."""
import csv
import io
import re
from datetime import datetime, timezone

from openpyxl import load_workbook
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog

from .conftest import PERIOD_ARGS, kst


def _drill_links(html):
    return sorted(set(re.findall(r'href="(/reports/list\?[^"]+)"', html.replace("&amp;", "&"))))


def test_supervisor_sees_own_figures_and_every_drill_down_stays_in_the_organisation(world, login):
    c = login(world["a_lead"])
    page = c.get(f"/reports/?{PERIOD_ARGS}").get_data(as_text=True)
    assert 'id="funnel-chart"' in page and 'role="img"' in page and 'id="funnel-table"' in page
    links = _drill_links(page)
    assert len(links) >= 15
    own_cases = {case.number for key, case in world["cases"].items() if key != "b"}
    seen = set()
    for link in links:
        r = c.get(link)
        assert r.status_code == 200, link
        html = r.get_data(as_text=True)
        assert "비공개가구" not in html and "이웃동" not in html, link  # B's household, C's entries
        seen.update(re.findall(r"C-T\d{6}", html))
    assert seen <= own_cases
    intakes = c.get(f"/reports/list?figure=intakes&{PERIOD_ARGS}").get_data(as_text=True)
    assert intakes.count("<tr>") == 1 + 5  # header + the five intakes
    logged = db.session.scalars(select(AccessLog.household_id).where(
        AccessLog.action == "report_list", AccessLog.user_id == world["a_lead"].id,
        AccessLog.household_id.is_not(None))).all()
    assert set(logged) >= {world["cases"][k].household_id for k in ("c1", "c2", "c3", "c4", "c6")}


def test_referral_drill_down_hides_cases_the_organisation_may_not_see(world, login):
    html = login(world["a_lead"]).get(f"/reports/list?figure=referrals_received&{PERIOD_ARGS}").get_data(as_text=True)
    assert "비공개" in html and world["cases"]["b"].number not in html


def test_other_supervisor_drill_down_shows_only_its_own_rows(world, login):
    c = login(world["b_lead"])
    html = c.get(f"/reports/list?figure=referrals_received&{PERIOD_ARGS}").get_data(as_text=True)
    assert "새솔종합사회복지관" in html and html.count("<tr>") == 1 + 2
    html = c.get(f"/reports/list?figure=intakes&{PERIOD_ARGS}").get_data(as_text=True)
    assert "가나다" not in html
    assert c.get(f"/reports/list?figure=nonsense&{PERIOD_ARGS}").status_code == 404


def test_admin_sees_district_aggregates_without_household_data(world, login, make):
    admin = login(make.user(world["a"], "admin"))
    html = admin.get(f"/reports/?{PERIOD_ARGS}").get_data(as_text=True)
    assert "5 미만" in html and _drill_links(html) == []
    for name in ("가나다", "대상1", "비공개가구"):
        assert name not in html
    assert admin.get(f"/reports/list?figure=intakes&{PERIOD_ARGS}").status_code == 403
    html = admin.get(f"/reports/?{PERIOD_ARGS}&by=zone&figure=discovered").get_data(as_text=True)
    assert 'id="breakdown-chart"' in html and "북부" in html


def test_workers_and_viewers_get_no_reports(world, login, make):
    for role in ("worker", "viewer"):
        assert login(make.user(world["a"], role)).get("/reports/").status_code == 403


def test_htmx_filter_answers_with_the_report_block(world, login):
    r = login(world["a_lead"]).get(f"/reports/?{PERIOD_ARGS}", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert "<html" not in html and 'id="funnel-chart"' in html


def test_export_needs_a_reason_and_is_logged(world, login):
    c = login(world["a_lead"])
    r = c.post(f"/reports/export?{PERIOD_ARGS}&view=org", data={"reason": "", "format": "xlsx"})
    assert r.status_code == 422 and "사유" in r.get_data(as_text=True)
    assert not db.session.scalar(select(AccessLog).where(AccessLog.action == "report_export"))
    r = c.post(f"/reports/export?{PERIOD_ARGS}&view=org", data={"reason": "구청 분기 보고", "format": "xlsx"})
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.data)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["초기상담"] == "5" and values["의뢰 수락률"] == "0.0% (0/1)"
    log = db.session.scalar(select(AccessLog).where(AccessLog.action == "report_export"))
    assert log.reason == "구청 분기 보고" and log.user_id == world["a_lead"].id


def test_list_export_as_csv_is_logged_per_household(world, login):
    c = login(world["a_lead"])
    r = c.post(f"/reports/list/export?figure=intakes&{PERIOD_ARGS}", data={"reason": "사례 점검", "format": "csv"})
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5 and {row[1] for row in rows[1:]} == {"가나다", "나다라", "다라마", "라마바", "바사아"}
    households = db.session.scalars(select(AccessLog.household_id).where(
        AccessLog.action == "report_list_export", AccessLog.reason == "사례 점검")).all()
    assert len([h for h in households if h]) == 5


def test_screening_list_export_only_holds_visible_entries(world, login, make):
    from caseweb.models import ScreeningList
    list_id = db.session.scalar(select(ScreeningList.id))
    c_lead = login(make.user(world["c"], "supervisor"))
    r = c_lead.post(f"/reports/screening/{list_id}/export", data={"reason": "방문 계획", "format": "csv"})
    text = r.data.decode("utf-8-sig")
    assert "이웃동11" in text and "대상1" not in text
    b = login(world["b_lead"])
    assert b.post(f"/reports/screening/{list_id}/export", data={"reason": "x y", "format": "csv"}).status_code == 404


def test_access_review_flags_night_work_and_many_reveals(world, login, make):
    night_owl = world["a_worker"]
    for day in range(1, 13):
        db.session.add(AccessLog(user_id=night_owl.id, org_id=night_owl.org_id, action="rrn_reveal",
                                 household_id=world["cases"]["c1"].household_id, at=kst(2026, 6, day, 23, 15)))
    db.session.add(AccessLog(user_id=world["a_lead"].id, org_id=world["a"].id, action="household_view",
                             household_id=world["cases"]["c1"].household_id, at=kst(2026, 6, 3, 10, 0)))
    # 06-30 23:30 KST is still June; 07-01 00:30 KST belongs to July although it is 30 June in UTC.
    db.session.add(AccessLog(user_id=world["b_lead"].id, org_id=world["b"].id, action="household_view",
                             at=datetime(2026, 6, 30, 15, 30, tzinfo=timezone.utc)))
    db.session.flush()
    admin = login(make.user(world["a"], "admin"))
    html = admin.get("/reports/access-review?month=2026-06").get_data(as_text=True)
    table = html.split('id="review-table"')[1]
    first_row = table.split("<tr>")[2]
    assert night_owl.name in first_row and "야간 접속" in first_row and "주민등록번호 열람 과다" in first_row
    assert world["b_lead"].name not in table
    assert login(world["a_lead"]).get("/reports/access-review").status_code == 403


def test_access_review_thresholds_are_settings_and_the_page_states_them(world, login, make, app, monkeypatch):
    worker = world["a_worker"]
    for day in range(1, 4):  # three reveals at 20:00 KST: neither flagged by default …
        db.session.add(AccessLog(user_id=worker.id, org_id=worker.org_id, action="rrn_reveal",
                                 household_id=world["cases"]["c1"].household_id, at=kst(2026, 6, day, 20, 0)))
    db.session.flush()
    admin = login(make.user(world["a"], "admin"))
    html = admin.get("/reports/access-review?month=2026-06").get_data(as_text=True)
    rule = html.split('id="review-rule"')[1].split("</section>")[0]
    assert "22:00" in rule and "06:00" in rule and "10" in rule
    assert "야간 접속" not in html.split('id="review-table"')[1]
    # … but with evenings from 19:00 and three reveals as the limit, both flags are raised and stated.
    for name, value in (("REVIEW_NIGHT_START", 19), ("REVIEW_NIGHT_MINIMUM", 3), ("REVIEW_RRN_MINIMUM", 3)):
        monkeypatch.setitem(app.config, name, value)
    html = admin.get("/reports/access-review?month=2026-06").get_data(as_text=True)
    rule = html.split('id="review-rule"')[1].split("</section>")[0]
    assert "19:00" in rule
    row = html.split('id="review-table"')[1].split("<tr>")[2]
    assert worker.name in row and "야간 접속" in row and "주민등록번호 열람 과다" in row


def test_review_settings_come_from_the_environment(monkeypatch):
    from caseweb.config import load_config
    monkeypatch.setenv("CASEWEB_REVIEW_RRN_MINIMUM", "4")
    config = load_config({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert config["REVIEW_RRN_MINIMUM"] == 4 and config["REVIEW_NIGHT_START"] == 22
