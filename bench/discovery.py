"""Discovery and indicators at several sizes: `python -m bench.discovery 10000 100000`.

For each size it reuses (or generates) the synthetic district of bench.run under
bench/out/city-<size>/, then measures through the whole Flask stack:
- a 10,000-row CSV list: upload, column mapping, the chunked check (with the duplicate
  check per row against that many households), save — and removes it again;
- /reports for a dong-office supervisor (own organisation) and for an admin (every
  organisation, aggregates), median of repeated requests.
Not run by CI.
"""
import sys
import time
from pathlib import Path

from bench.generate import bench_app, generate
from bench.timing import median_ms
from caseweb.crypto import compute_check_digit

OUT = Path(__file__).parent / "out"
ROWS = 10_000
REPEAT = 10


def _csv(rows: int) -> bytes:
    lines = ["연번,성명,주민등록번호,주소,연락처,발굴사유"]
    for i in range(rows):
        first12 = f"{40 + i % 50:02d}{1 + i % 12:02d}{1 + i % 28:02d}{1 + i % 2}{i:05d}"
        rrn = f"{first12[:6]}-{first12[6:]}{compute_check_digit(first12)}"
        lines.append(f"{i + 1},대상{i:05d},{rrn},서울 한빛구 한빛{1 + i % 12}동 {i % 300}번지,010-{i % 9000 + 1000}-{i % 10000:04d},체납")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _users(app):
    from sqlalchemy import select
    from caseweb.extensions import db
    from caseweb.models import User
    with app.app_context():
        worker = db.session.scalar(select(User).where(User.username == "bench1"))
        for username, role in (("benchlead", "supervisor"), ("benchadmin", "admin")):
            if db.session.scalar(select(User.id).where(User.username == username)) is None:
                db.session.add(User(username=username, name=username, org_id=worker.org_id, role=role,
                                    password_hash=worker.password_hash))
        db.session.commit()


def _login(app, username):
    client = app.test_client()
    r = client.post("/login", data={"username": username, "password": "bench-password-2026"})
    assert r.status_code == 302, r.status_code
    return client


def _import(app, client) -> dict:
    import io
    from caseweb.extensions import db
    from caseweb.models import ScreeningEntry, ScreeningImport, ScreeningList
    data = _csv(ROWS)
    times = {}
    cpu = time.process_time()  # CPU seconds of this process: wall time lies on a shared, loaded machine
    t = time.perf_counter()
    r = client.post("/screening/imports/new", data={"file": (io.BytesIO(data), "bench.csv"), "title": "bench",
                                                   "source": "utilities", "received_on": "2026-11-02"},
                    content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    times["upload"] = time.perf_counter() - t
    import_id = int(r.headers["Location"].split("/")[-2])
    t = time.perf_counter()
    client.post(f"/screening/imports/{import_id}/mapping", data={"col-name": "1", "col-rrn": "2", "col-address": "3",
                                                               "col-phone": "4", "col-reason": "5"})
    chunks = 0
    while True:
        chunks += 1
        client.post(f"/screening/imports/{import_id}/check", headers={"HX-Request": "true"})
        with app.app_context():
            imp = db.session.get(ScreeningImport, import_id)
            status, errors = imp.status, len(imp.errors or [])
        if status != "checking":
            break
    times["check"] = time.perf_counter() - t
    assert errors == 0, errors
    t = time.perf_counter()
    r = client.post(f"/screening/imports/{import_id}/save")
    assert r.status_code == 302
    times["save"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    times["total, CPU seconds"] = time.process_time() - cpu
    times["chunks"] = chunks
    with app.app_context():  # leave the bench database as it was
        list_id = db.session.get(ScreeningImport, import_id).list_id
        db.session.query(ScreeningImport).filter_by(id=import_id).delete()
        db.session.query(ScreeningEntry).filter_by(list_id=list_id).delete()
        db.session.query(ScreeningList).filter_by(id=list_id).delete()
        db.session.commit()
    return times


def _median_ms(call) -> float:
    return median_ms(call, REPEAT).wall_ms


def measure(size: int) -> dict:
    folder = OUT / f"city-{size}"
    app = bench_app(folder)
    if not (folder / ".complete").exists():
        print(f"generating {size:,} households …", flush=True)
        print(generate(app, size, shape="city"), flush=True)
        (folder / ".complete").touch()
    from caseweb.extensions import db
    with app.app_context():
        db.create_all()  # the screening tables, if the district was generated before they existed
    app.config["WTF_CSRF_ENABLED"] = False
    _users(app)
    result = {f"import {ROWS:,} rows: {k}": v for k, v in _import(app, _login(app, "bench1")).items()}
    lead, admin = _login(app, "benchlead"), _login(app, "benchadmin")
    result["/reports supervisor (ms)"] = _median_ms(lambda: lead.get("/reports/?start=2020-01-01&end=2030-12-31"))
    result["/reports admin, all orgs (ms)"] = _median_ms(
        lambda: admin.get("/reports/?start=2020-01-01&end=2030-12-31&by=zone"))
    return result


def main(sizes):
    results = {size: measure(size) for size in sizes}
    small, large = min(sizes), max(sizes)
    print(f"{'':40}" + "".join(f"{s:>14,}" for s in sizes) + f"{'ratio':>9}")
    for name in results[small]:
        row = "".join(f"{results[s][name]:14.2f}" for s in sizes)
        print(f"{name:40}{row}{results[large][name] / (results[small][name] or 1):9.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
