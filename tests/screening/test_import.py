"""Uploading a list: mapping, row-level Korean errors, preview, all-or-nothing save, no raw file kept."""
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from caseweb.crypto import blind_index, decrypt_rrn
from caseweb.extensions import db
from caseweb.models import AccessLog, ScreeningEntry, ScreeningImport, ScreeningList
from caseweb.screening import checking

from ..conftest import is_full_page
from ..households.helpers import valid_rrn
from .conftest import HEADER, rows_csv, run_import, sample_rows, upload


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_csv_import_guesses_columns_previews_and_saves_encrypted_entries(district, login):
    c = login(district["w1"])
    imp, r = run_import(c, rows_csv(sample_rows()))
    assert imp.mapping == {"name": 1, "rrn": 2, "address": 3, "phone": 4, "reason": 5}
    assert imp.status == "ready" and imp.errors == []
    preview = r.get_data(as_text=True)
    assert not is_full_page(preview)  # the htmx answer is the progress block only
    assert "김순자" in preview and "3건 저장" in preview
    assert _count(ScreeningEntry) == 0  # nothing saved before the user says so
    r = c.post(f"/screening/imports/{imp.id}/save")
    assert r.status_code == 302
    entries = {e.name: e for e in db.session.scalars(select(ScreeningEntry))}
    assert set(entries) == {"김순자", "이만복", "박정희"}
    kim = entries["김순자"]
    assert kim.rrn_masked == "450301-2******"
    assert kim.rrn_blind_index == blind_index(valid_rrn("450301200001", hyphen=False))
    assert decrypt_rrn(kim.rrn_encrypted) == valid_rrn("450301200001", hyphen=False)
    assert kim.birth_date.isoformat() == "1945-03-01"
    # Assigned by the dong in the address: 한빛12동 is not mistaken for 한빛1동.
    assert kim.assigned_org_id == district["d1"].id
    assert entries["이만복"].assigned_org_id == district["d12"].id
    assert entries["박정희"].assigned_org_id == district["d2"].id
    # The upload's rows are gone; only the saved entries remain.
    db.session.expire_all()
    imp = db.session.get(ScreeningImport, imp.id)
    assert imp.rows_sealed is None and imp.result_sealed is None and imp.status == "saved"
    assert db.session.scalar(select(AccessLog).where(AccessLog.action == "screening_import")).reason == "3"


def test_no_plain_rrn_is_stored_while_checking(district, login, app):
    c = login(district["w1"])
    rrn = valid_rrn("450301200001", hyphen=False)
    imp, _ = run_import(c, rows_csv(sample_rows()))
    assert rrn.encode() not in (imp.rows_sealed or b"") + (imp.result_sealed or b"")
    assert rrn not in str(imp.errors) + str(imp.headers)


def test_xlsx_import_reads_dates_and_numbers(district, login):
    book = Workbook()
    sheet = book.active
    sheet.append(["이름", "생년월일", "행정동", "전화번호", "사유"])
    from datetime import datetime
    sheet.append(["최영수", datetime(1950, 3, 15), "한빛2동", "01033334444", "기초수급 탈락"])
    sheet.append(["정미란", "1961.07.04", "한빛1동", None, "이웃 제보"])
    buf = io.BytesIO()
    book.save(buf)
    c = login(district["w1"])
    imp, _ = run_import(c, buf.getvalue(), filename="명단.xlsx")
    assert imp.status == "ready" and imp.errors == []
    c.post(f"/screening/imports/{imp.id}/save")
    choi = db.session.scalar(select(ScreeningEntry).where(ScreeningEntry.name == "최영수"))
    assert choi.birth_date.isoformat() == "1950-03-15" and choi.phone == "01033334444"
    assert choi.assigned_org_id == district["d2"].id


def test_malformed_file_is_refused_with_a_clear_message(district, login):
    c = login(district["w1"])
    r = upload(c, b"PK\x03\x04 this is not a workbook", filename="broken.xlsx")
    assert r.status_code == 422
    assert "파일을 읽을 수 없습니다" in r.get_data(as_text=True)
    r = upload(c, b"%PDF-1.4", filename="scan.pdf")
    assert r.status_code == 422 and "CSV 또는 엑셀" in r.get_data(as_text=True)
    r = upload(c, rows_csv([]), filename="empty.csv")
    assert r.status_code == 422 and "머리글 아래에 행이 없습니다" in r.get_data(as_text=True)
    assert _count(ScreeningImport) == 0 and _count(ScreeningList) == 0


def test_wrong_columns_need_a_name_column(district, login):
    c = login(district["w1"])
    r = upload(c, rows_csv([["a", "b"]], header=["col1", "col2"]))
    import_id = int(r.headers["Location"].split("/")[-2])
    r = c.post(f"/screening/imports/{import_id}/mapping", data={"col-name": "", "col-rrn": "1"})
    assert r.status_code == 422
    assert "이 항목이 들어 있는 열을 고르세요" in r.get_data(as_text=True)
    r = c.post(f"/screening/imports/{import_id}/mapping", data={"col-name": "0", "col-rrn": "0"})
    assert r.status_code == 422 and "이미 다른 항목에 쓰인 열입니다" in r.get_data(as_text=True)


def test_bad_rows_are_listed_by_row_and_nothing_is_saved(district, login):
    rows = sample_rows() + [
        [4, "", "", "한빛1동", "", "이름 없음"],
        [5, "오류일", "", "한빛1동", "", "날짜"],
        [6, "번호틀림", "900101-1234567", "한빛1동", "", "검증 숫자"],
        [7, "김순자", valid_rrn("450301200001"), "한빛1동", "", "같은 번호"],
    ]
    header = HEADER + ["생년월일"]
    rows = [r + [""] for r in rows]
    rows[4][-1] = "1950-13-45"
    c = login(district["w1"])
    imp, r = run_import(c, rows_csv(rows, header=header))
    assert sorted((row, code) for row, _field, code in imp.errors) == [
        (5, "name_missing"), (6, "birth_date"), (7, "rrn_check_digit"), (8, "rrn_repeated")]
    page = r.get_data(as_text=True)
    assert "6행" in page and "생년월일을 읽을 수 없습니다" in page
    assert "아무것도 저장되지 않았습니다" in page and "건 저장" not in page
    r = c.post(f"/screening/imports/{imp.id}/save")
    assert _count(ScreeningEntry) == 0 and _count(ScreeningList) == 0


def test_a_long_list_is_checked_in_chunks_and_one_bad_row_blocks_it_all(district, login):
    rows = [[i, f"대상자{i}", "", f"한빛{1 + i % 2}동", "", "체납"] for i in range(1, 2502)]
    rows[-1][1] = ""
    c = login(district["w1"])
    imp, _ = run_import(c, rows_csv(rows))
    assert imp.checked == 2501 and len(imp.errors) == 1 and imp.errors[0][0] == 2502
    c.post(f"/screening/imports/{imp.id}/save")
    assert _count(ScreeningEntry) == 0


def test_possible_match_reuses_the_duplicate_check(district, login, make):
    rrn = valid_rrn("450301200001")
    make.household(district["d2"], head_name="김순자", rrn=rrn)
    c = login(district["w1"])
    imp, _ = run_import(c, rows_csv(sample_rows()))
    c.post(f"/screening/imports/{imp.id}/save")
    kim = db.session.scalar(select(ScreeningEntry).where(ScreeningEntry.name == "김순자"))
    assert kim.possible_match and kim.match_kinds == ["rrn", "name_birth"]
    assert db.session.scalar(select(ScreeningEntry).where(ScreeningEntry.name == "박정희")).possible_match is False
    page = c.get(f"/screening/entries/{kim.id}").get_data(as_text=True)
    assert "이미 서비스를 받고 있을 수 있습니다" in page and "한빛2동 행정복지센터" in page


def test_guess_mapping_and_dates():
    assert checking.guess_mapping(["성 명", "주민번호", "주소(도로명)", "휴대폰"]) == {
        "name": 0, "rrn": 1, "address": 2, "phone": 3}
    assert checking.parse_date("19500315").isoformat() == "1950-03-15"
    assert checking.dong_from_address("한빛구 한빛12동 1", ["한빛1동", "한빛12동"]) == "한빛12동"
