"""Latency of the case list, case detail and duplicate check at several sizes.

`python -m bench.run 10000 1000000 [--dense] [--latency-only]` generates (or reuses)
one SQLite database per size under bench/out/ and reports the median of repeated
requests through the full Flask stack (routing, login, access log, template) plus the
ratio of the largest size to the smallest; the sizes are measured in turn, request by
request, so a burst of load on a shared machine slows them alike. Not run by CI: it is a benchmark, not a test.
"""
import sys
from pathlib import Path

from bench.generate import bench_app, generate
from bench.timing import interleaved

OUT = Path(__file__).parent / "out"
REPEAT = 100


def _rows(response) -> int:
    """Table rows (or duplicate candidates) the page shows: the work grows with them."""
    html = response.get_data(as_text=True)
    return html.count("<tr") - html.count("<thead") or html.count("<li")


def checks(size: int, shape: str) -> dict:
    """The requests to time on the database of `size` households (generated when missing)."""
    folder = OUT / f"{shape}-{size}"
    app = bench_app(folder)
    if not (folder / "bench.sqlite3").exists() or not (folder / ".complete").exists():
        print(f"generating {size:,} households ({shape}) …", flush=True)
        print(generate(app, size, shape=shape), flush=True)
        (folder / ".complete").touch()
    from bench.generate import bring_up_to_date
    written = bring_up_to_date(app)
    if written is not None:
        print(f"{folder.name}: filled case_name_grams ({written:,} rows)", flush=True)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    # bench1 works at 한빛1동; the case to open is one of its own.
    r = client.post("/login", data={"username": "bench1", "password": "bench-password-2026"})
    assert r.status_code == 302, r.status_code
    from caseweb.extensions import db
    from caseweb.models import Case, Household
    with app.app_context():
        case_id = db.session.scalar(db.select(Case.id).where(Case.lead_org_id == 1, Case.manager_id == 1)
                                    .order_by(Case.id.desc()).limit(1))
        person = db.session.execute(db.select(Household.head_name, Household.birth_date)
                                    .order_by(Household.id.desc()).limit(1)).one()
    typo = person.head_name[:-1] + ("희" if person.head_name[-1] != "희" else "혜")
    return {
        "case list (my cases)": lambda: client.get("/cases/"),
        "case list (organisation, page 3)": lambda: client.get("/cases/?scope=org&page=3"),
        "case list (search a full name)": lambda: client.get(f"/cases/?scope=org&q={person.head_name}"),
        "case list (search '영희', 2 syllables)": lambda: client.get("/cases/?scope=org&q=영희"),
        "case list (htmx fragment, overdue)": lambda: client.get(
            "/cases/?scope=org&overdue=1", headers={"HX-Request": "true"}),
        "case detail": lambda: client.get(f"/cases/{case_id}"),
        "duplicate check (name typo + birth date)": lambda: client.post("/households/duplicates", data={
            "head_name": typo, "birth_date": person.birth_date.isoformat()},
            headers={"HX-Request": "true"}),
    }


def measure(sizes: list[int], shape: str) -> dict:
    """{size: {check: Timing}}: every check at every size, taken in turn (one sample of
    each, then the next round), so load from other processes hits all sizes alike."""
    calls = {(size, name): call for size in sizes for name, call in checks(size, shape).items()}
    timings = interleaved(calls, REPEAT)
    return {size: {name: timings[(s, name)] for (s, name) in calls if s == size} for size in sizes}


def main(sizes: list[int], shape: str, throughput: bool = True) -> None:
    results = measure(sizes, shape)
    small, large = min(sizes), max(sizes)
    print(f"\n{shape} district, sizes interleaved")
    for label, field in (("median wall ms (rows shown)", "wall_ms"), ("median CPU ms (rows shown)", "cpu_ms")):
        print(f"{label:44}" + "".join(f"{s:>16,}" for s in sizes) + f"{'ratio':>9}")
        for name in results[small]:
            cells = [(getattr(results[s][name], field), _rows(results[s][name].response)) for s in sizes]
            row = "".join(f"{ms:10.1f} ({rows:>3})" for ms, rows in cells)
            ratio = getattr(results[large][name], field) / getattr(results[small][name], field)
            print(f"{name:44}{row}{ratio:9.2f}")
    if throughput:
        throughput_table(OUT / f"{shape}-{large}")


def throughput_table(folder: Path) -> None:
    """req/s of caseweb, the floor and Datasette on the largest database, gunicorn, 4 clients."""
    from bench.throughput import CLIENTS, compare
    app = bench_app(folder)
    from caseweb.extensions import db
    from caseweb.models import Case
    with app.app_context():
        case_id = db.session.scalar(db.select(Case.id).where(Case.lead_org_id == 1, Case.manager_id == 1)
                                    .order_by(Case.id.desc()).limit(1))
        db.engine.dispose()
    result = compare(folder, case_id)
    names = ["caseweb", "floor", "Datasette"]
    print(f"\nreq/s, gunicorn 2 workers x 4 threads, {CLIENTS} concurrent clients, interleaved ({folder.name})")
    print(f"{'':16}" + "".join(f"{n:>12}" for n in names) + f"{'/ floor':>10}{'/ Datasette':>13}")
    for page in ("/cases/", "case detail"):
        row = result[page]
        cells = "".join(f"{row[n]:12.1f}" if n in row else f"{'-':>12}" for n in names)
        vs_ds = f"{row['caseweb'] / row['Datasette']:13.2f}" if "Datasette" in row else f"{'-':>13}"
        print(f"{page:16}{cells}{row['caseweb'] / row['floor']:10.2f}{vs_ds}")
    print(f"non-200 answers during the run: {result['errors']}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main([int(a) for a in args] or [10_000, 1_000_000], "dense" if "--dense" in sys.argv else "city",
         throughput="--latency-only" not in sys.argv)
