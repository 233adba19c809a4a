"""HSDS CSV export → import reproduces the directory; a malformed import writes nothing, naming each bad row."""
import io
import re
import zipfile

from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from caseweb.extensions import db
from caseweb.models import Linkage, Resource, ResourceEdit, ResourceGram, ResourceNews, ResourceProvider, Zone
from caseweb.models.resource import resource_zones
from caseweb.resources import hsds
from caseweb.timeutil import to_seoul

from .helpers import make_resource

FIELDS = ("name", "description", "domain", "subdomain", "target_groups", "eligibility", "min_age", "max_age", "cost",
          "amount_krw", "how_to_apply", "documents", "contact", "schedule", "dongs", "valid_from", "valid_until",
          "status", "capacity_kind", "quantity", "unit", "remaining")


def _directory():
    rows = db.session.scalars(select(Resource).order_by(Resource.name)).all()
    return [(tuple(getattr(r, f) for f in FIELDS), r.provider.name, r.provider.sector, r.provider.address,
             tuple(z.name for z in r.zones), r.owner_org.name, to_seoul(r.assured_at).date()) for r in rows]


def _build(make):
    north = make.zone("북부권역")
    org = make.org("한빛1동 행정복지센터", address="서울특별시 한빛구 한빛로 1")
    make_resource(org, "주택임대보조금", subdomain="env_housing", min_age=20, max_age=64, zones=[north],
                  dongs="한빛1동, 한빛2동", target_groups=["low_income"], amount_krw=200000,
                  how_to_apply="행정복지센터 방문", documents="임대차계약서")
    make_resource(org, "라면 나눔", provider="한빛푸드뱅크", sector="private", domain="economy", remaining=780,
                  quantity=800, unit="봉", status="paused")
    make_resource(org, "치과 진료 지원", provider="해솔복지재단", sector="private", domain="health", status="ended",
                  capacity_kind="slots", remaining=0, quantity=10)
    return org


def test_export_then_import_into_an_empty_directory_reproduces_it(make, login):
    org = _build(make)
    admin = make.user(org, role="admin")
    c = login(admin)
    export = c.get("/resources/export.zip")
    assert export.status_code == 200 and export.mimetype == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(export.data)).namelist())
    assert {"organizations.csv", "services.csv", "locations.csv", "service_at_location.csv",
            "taxonomy_terms.csv"} <= names
    before = _directory()
    # Empty the directory (zones too) and import the export.
    db.session.execute(delete(resource_zones))
    db.session.execute(delete(ResourceEdit))
    db.session.execute(delete(ResourceGram))
    db.session.execute(delete(Resource))
    db.session.execute(delete(ResourceProvider))
    db.session.execute(delete(Zone).where(Zone.name == "북부권역"))
    db.session.expire_all()
    preview = c.post("/resources/import", data={"file": (io.BytesIO(export.data), "export.zip")},
                     content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "3개 자원" in html
    assert db.session.scalar(select(func.count()).select_from(Resource)) == 0  # a preview writes nothing
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)
    assert c.post("/resources/import/confirm", data={"token": token}).status_code == 302
    db.session.expire_all()
    assert _directory() == before
    assert db.session.scalar(select(func.count()).select_from(ResourceEdit).where(ResourceEdit.action == "imported")) == 3
    assert "라면 나눔" in c.get("/resources/?q=라면").get_data(as_text=True)  # the index is rebuilt


def test_a_malformed_import_writes_nothing_and_names_each_bad_row(make, login, app):
    org = _build(make)
    c = login(make.user(org, role="admin"))
    with app.test_request_context():
        files = hsds.export_files(hsds.all_resources())
    lines = files["services.csv"].splitlines()
    lines[1] = lines[1].replace(",environment,", ",주거,", 1)       # bad domain in line 2
    lines[2] = lines[2].replace("temporarily closed", "maybe", 1)   # bad status in line 3
    files["services.csv"] = "\n".join(lines) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    count = db.session.scalar(select(func.count()).select_from(Resource))
    r = c.post("/resources/import", data={"file": (io.BytesIO(buffer.getvalue()), "bad.zip")},
               content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "services.csv 2행 (주택임대보조금): 올바른 욕구 영역이 없습니다" in html
    assert "services.csv 3행 (라면 나눔): 알 수 없는 상태 “maybe”" in html
    assert 'name="token"' not in html
    assert db.session.scalar(select(func.count()).select_from(Resource)) == count


def test_not_a_zip_is_refused_in_korean(make, login):
    c = login(make.user(make.org(), role="admin"))
    r = c.post("/resources/import", data={"file": (io.BytesIO(b"hello"), "x.csv")}, content_type="multipart/form-data")
    assert r.status_code == 422 and "UTF-8 CSV 파일을 묶은 ZIP이 아닙니다" in r.get_data(as_text=True)


def test_only_a_district_admin_imports(make, login):
    c = login(make.user(make.org(), role="supervisor"))
    assert c.post("/resources/import", data={}).status_code == 403
    assert c.post("/resources/import/confirm", data={"token": "0" * 32}).status_code == 403


def test_xlsx_export_for_offices(make, login):
    org = _build(make)
    r = login(make.user(org, role="viewer")).get("/resources/export.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("번호", "자원명", "제공기관")
    assert {row[1] for row in rows[1:]} == {"주택임대보조금", "라면 나눔", "치과 진료 지원"}
