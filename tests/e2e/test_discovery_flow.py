"""dong1 imports a discovery list and screens three entries (one becomes an intake);
dong1lead sees the funnel move on /reports and downloads it after giving a reason."""
import io

import pytest
from openpyxl import load_workbook

from caseweb.crypto import compute_check_digit

from .test_foundation import _axe_clean

pytestmark = pytest.mark.browser
DESKTOP = (1280, 800)


def _rrn(first12):
    return f"{first12[:6]}-{first12[6:]}{compute_check_digit(first12)}"


def _csv() -> bytes:
    rows = ["연번,성명,주민등록번호,주소,연락처,발굴사유",
            f"1,도시범,{_rrn('470315100011')},서울특별시 한빛구 한빛1동 한빛로 12,010-2345-6789,전기요금 4개월 체납",
            f"2,노한결,{_rrn('520802200022')},서울특별시 한빛구 한빛1동 한빛로3길 8,,수도요금 체납",
            f"3,구명희,{_rrn('610101200033')},서울특별시 한빛구 한빛1동 햇살로 5,010-3456-7890,가스 공급 중단"]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _funnel(page) -> list[str]:
    return [cell.strip() for cell in page.locator("#funnel-table tbody td.num").all_inner_texts()]


def _record(page, name, outcome_label):
    page.get_by_role("link", name=name).click()
    page.select_option("#outcome", label=outcome_label)
    page.fill("#note", f"{name} 방문 확인")
    with page.expect_navigation():
        page.get_by_role("button", name="결과 저장").click()


def test_import_screen_and_report(live_server, page_for, shot, tmp_path):
    lead = page_for("dong1lead", DESKTOP)
    lead.goto(f"{live_server}/reports/")
    before = _funnel(lead)

    page = page_for("dong1", DESKTOP)
    page.goto(f"{live_server}/screening/")
    page.get_by_role("link", name="명단 올리기").click()
    page.set_input_files("#file", files=[{"name": "체납명단.csv", "mimeType": "text/csv", "buffer": _csv()}])
    page.fill("#title", "12월 체납 명단 (브라우저 시험)")
    page.select_option("#source", "utilities")
    with page.expect_navigation():
        page.get_by_role("button", name="다음: 열 고르기").click()
    assert page.locator("#col-name").input_value() == "1"  # 성명 was recognised
    _axe_clean(page)
    with page.expect_navigation():
        page.get_by_role("button", name="다음: 행 검사").click()
    page.get_by_role("button", name="3건 저장").wait_for()  # htmx checked every chunk
    shot(page, "discovery-1-preview")
    _axe_clean(page)
    with page.expect_navigation():
        page.get_by_role("button", name="3건 저장").click()
    assert "3건을 저장했습니다" in page.locator("#flash").inner_text()
    list_url = page.url
    _axe_clean(page)

    _record(page, "도시범", "비해당")
    _record(page, "노한결", "거부")
    page.get_by_role("link", name="구명희").click()
    _axe_clean(page)
    shot(page, "discovery-2-entry")
    page.select_option("#outcome", label="사례관리 대상")
    with page.expect_navigation():
        page.get_by_role("button", name="결과 저장").click()
    # The intake registration form, filled in from the entry: the worker checks it and submits.
    assert "/intake" in page.url and page.locator("#head_name").input_value() == "구명희"
    _axe_clean(page)
    shot(page, "discovery-3a-intake-form")
    with page.expect_navigation():
        page.get_by_role("button", name="초기상담 등록").click()
    assert "/cases/" in page.url and "구명희" in page.content()
    assert "초기상담을 기록하세요" in page.locator("#flash").inner_text()
    shot(page, "discovery-3-intake")
    page.goto(list_url + "?show=done")
    assert page.locator("tbody tr").count() == 3

    lead.goto(f"{live_server}/reports/")
    after = _funnel(lead)
    as_int = lambda cells: [int(c.replace(",", "")) for c in cells]  # noqa: E731
    assert [a - b for a, b in zip(as_int(after), as_int(before))] == [3, 1, 0]
    shot(lead, "discovery-4-reports")
    _axe_clean(lead)
    lead.locator("#report-download summary").click()
    lead.fill("#reason", "12월 발굴 실적 보고")
    with lead.expect_download() as info:
        lead.locator("#report-download").get_by_role("button", name="엑셀 (.xlsx)").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    values = {row[0]: row[1] for row in load_workbook(path).active.iter_rows(values_only=True)}
    assert values["조사 완료"] == after[0]
