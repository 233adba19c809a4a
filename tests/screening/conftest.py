"""A small district for screening: two dong offices, a welfare centre, a list uploader."""
import csv
import io

import pytest

from caseweb.extensions import db
from caseweb.models import ScreeningImport

from ..households.helpers import valid_rrn


@pytest.fixture()
def district(make):
    zone = make.zone()
    d1 = make.org(name="한빛1동 행정복지센터", dong="한빛1동", zone=zone)
    d2 = make.org(name="한빛2동 행정복지센터", dong="한빛2동", zone=zone)
    d12 = make.org(name="한빛12동 행정복지센터", dong="한빛12동", zone=zone)
    center = make.org(name="새솔종합사회복지관", kind="welfare_center", sector="private", programme="welfare_center")
    return {"d1": d1, "d2": d2, "d12": d12, "center": center,
            "w1": make.user(d1, "worker"), "lead1": make.user(d1, "supervisor"), "view1": make.user(d1, "viewer"),
            "w2": make.user(d2, "worker"), "cw": make.user(center, "worker")}


HEADER = ["연번", "성명", "주민등록번호", "주소", "연락처", "발굴사유"]


def rows_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def sample_rows():
    return [
        [1, "김순자", valid_rrn("450301200001"), "서울 한빛구 한빛1동 햇살로 10", "010-1111-2222", "전기요금 3개월 체납"],
        [2, "이만복", valid_rrn("520712100002"), "서울 한빛구 한빛12동 가람로 5", "", "건강보험료 체납"],
        [3, "박정희", "", "서울 한빛구 한빛2동 물빛길 7", "02-123-4567", "단수"],
    ]


def upload(client, data: bytes, filename="list.csv", title="4분기 체납 명단", source="utilities"):
    return client.post("/screening/imports/new", data={
        "file": (io.BytesIO(data), filename), "title": title, "source": source, "received_on": "2026-11-02"},
        content_type="multipart/form-data")


def run_import(client, data: bytes, mapping=None, filename="list.csv"):
    """Upload, map (the guessed columns unless given), check every chunk; return the import."""
    r = upload(client, data, filename)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    import_id = int(r.headers["Location"].split("/")[-2])
    imp = db.session.get(ScreeningImport, import_id)
    form = {f"col-{k}": str(v) for k, v in (mapping if mapping is not None else imp.mapping).items()}
    r = client.post(f"/screening/imports/{import_id}/mapping", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    for _ in range(100):
        r = client.post(f"/screening/imports/{import_id}/check", headers={"HX-Request": "true"})
        assert r.status_code == 200
        db.session.expire_all()
        if db.session.get(ScreeningImport, import_id).status != "checking":
            break
    return db.session.get(ScreeningImport, import_id), r
