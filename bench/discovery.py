"""Discovery and indicators at several sizes: `python -m bench.discovery 10000 100000`.

For each size it reuses (or generates) the synthetic district of bench.run under
bench/out/city-<size>/, then measures through the whole Flask stack:
- a 10,000-row CSV list: upload, column mapping, the chunked check (with the duplicate
  check per row against that many households), save — and removes it again;
- `flask reports summarize --full` (counting every day into report_days), then /reports for a
  dong-office supervisor (own organisation) and for an admin (every organisation, aggregates),
  from the stored days and, for comparison, counted live; median of repeated requests.
The generated cases get selections, plans, closures, linkages and referrals first (once), so
every figure has rows to count. `--reports-only` skips the import (slow at 1M).
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


def _enrich(app, folder: Path) -> None:
    """Give the generated cases what the indicators count: selection, plans, closures, linkages, referrals."""
    import random
    from datetime import datetime, time as day_time, timedelta, timezone
    from sqlalchemy import insert, select, text
    from caseweb.extensions import db
    from caseweb.models import Case, Linkage, Transition
    if (folder / ".enriched").exists():
        return
    rng = random.Random(11)
    started = time.perf_counter()
    with app.app_context():
        db.session.execute(text(
            "UPDATE cases SET kind = CASE id % 8 WHEN 0 THEN 'service_linkage' WHEN 1 THEN 'not_selected' "
            "ELSE 'case_management' END, level = CASE WHEN id % 10 = 0 THEN 'high_difficulty' ELSE 'general' END, "
            "selected_on = date(intake_on, '+7 days'), plan_on = date(intake_on, '+' || (id % 45) || ' days'), "
            "closed_on = CASE WHEN status IN ('closed', 'follow_up', 'completed') THEN date(intake_on, '+120 days') END, "
            "closure_reason = CASE WHEN status IN ('closed', 'follow_up', 'completed') THEN "
            "CASE id % 3 WHEN 0 THEN '목표달성' WHEN 1 THEN '거부' ELSE '전출' END END, "
            "completed_on = CASE WHEN status = 'completed' THEN date(intake_on, '+400 days') END"))
        rows = db.session.execute(select(Case.id, Case.household_id, Case.lead_org_id, Case.intake_on)).all()
        orgs = sorted({org for _c, _h, org, _d in rows})
        links, referrals, counts = [], [], [0, 0]

        def write():
            for model, values, i in ((Linkage, links, 0), (Transition, referrals, 1)):
                if values:
                    db.session.execute(insert(model), values)
                counts[i] += len(values)
                values.clear()

        for case_id, household_id, org, intake_on in rows:
            if len(links) > 20_000:
                write()
            for k in range(case_id % 4):  # ~1.5 linkages a case
                links.append({"case_id": case_id, "household_id": household_id, "resource_name": "생계 지원",
                              "sector": "public" if (case_id + k) % 2 else "private",
                              "domain": ("economy", "health", "housing", "safety")[(case_id + k) % 4],
                              "linked_on": intake_on + timedelta(days=10 + 20 * k), "amount_krw": 100_000 * (k + 1),
                              "org_id": org, "created_at": datetime.now(timezone.utc)})
            if case_id % 5 == 0:
                asked = datetime.combine(intake_on + timedelta(days=12), day_time(1, 30), timezone.utc)
                answered = asked + timedelta(hours=rng.randrange(2, 24 * 9))
                referrals.append({"case_id": case_id, "kind": "referral", "from_org_id": org,
                                  "to_org_id": orgs[(orgs.index(org) + 1) % len(orgs)], "requested_at": asked,
                                  "answered_at": answered, "status": "accepted" if case_id % 3 else "declined",
                                  "version": 1})
        write()
        db.session.commit()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    (folder / ".enriched").touch()
    print(f"enriched: {counts[0]:,} linkages, {counts[1]:,} referrals, "
          f"{time.perf_counter() - started:.0f} s", flush=True)


def _summarize(app) -> float:
    """`flask reports summarize --full` on the whole district; seconds."""
    from caseweb.extensions import db
    from caseweb.reports.summary import rebuild
    with app.app_context():
        started = time.perf_counter()
        done = rebuild(full=True)
        db.session.commit()
        seconds = time.perf_counter() - started
    print(f"report days: {done}", flush=True)
    return seconds


def measure(size: int, with_import: bool = True) -> dict:
    folder = OUT / f"city-{size}"
    app = bench_app(folder)
    if not (folder / ".complete").exists():
        print(f"generating {size:,} households …", flush=True)
        print(generate(app, size, shape="city"), flush=True)
        (folder / ".complete").touch()
    from caseweb.extensions import db
    with app.app_context():
        db.create_all()  # the screening tables, if the district was generated before they existed
    _enrich(app, folder)
    app.config["WTF_CSRF_ENABLED"] = False
    _users(app)
    result = {}
    if with_import:
        result = {f"import {ROWS:,} rows: {k}": v for k, v in _import(app, _login(app, "bench1")).items()}
    result["summarize, all days (s)"] = _summarize(app)
    lead, admin = _login(app, "benchlead"), _login(app, "benchadmin")
    pages = {"/reports supervisor, 5 years (ms)": (lead, "/reports/?start=2020-01-01&end=2030-12-31"),
             "/reports admin, all orgs, 5 years (ms)": (admin, "/reports/?start=2020-01-01&end=2030-12-31&by=zone"),
             "/reports admin, all orgs, 1 month (ms)": (admin, "/reports/?start=2026-10-01&end=2026-10-31&by=zone")}
    for name, (client, url) in pages.items():
        result[name] = _median_ms(lambda: client.get(url))
    # The same pages counted live from the base tables: other deadline settings than the build's
    # make the page ignore report_days.
    global REPEAT
    app.config["DEADLINE_PLAN_DAYS"] += 1
    repeat, REPEAT = REPEAT, 2  # a live count takes seconds at 100k households
    for name, (client, url) in pages.items():
        result[name.replace("(ms)", "live (ms)")] = _median_ms(lambda: client.get(url))
    app.config["DEADLINE_PLAN_DAYS"], REPEAT = app.config["DEADLINE_PLAN_DAYS"] - 1, repeat
    return result


def main(sizes, with_import=True):
    results = {size: measure(size, with_import) for size in sizes}
    small, large = min(sizes), max(sizes)
    print(f"{'':40}" + "".join(f"{s:>14,}" for s in sizes) + f"{'ratio':>9}")
    for name in results[small]:
        row = "".join(f"{results[s][name]:14.2f}" for s in sizes)
        print(f"{name:40}{row}{results[large][name] / (results[small][name] or 1):9.2f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main([int(a) for a in args] or [10_000, 100_000], with_import="--reports-only" not in sys.argv)
