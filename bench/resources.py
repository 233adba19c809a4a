"""Resource directory search at 10k and 100k entries: `python -m bench.resources 10000 100000`.

Generates (or reuses) one SQLite database per size under bench/out/resources-<n>/ with
synthetic entries and their bigram rows, then reports the median of repeated searches
through the full Flask stack (login, routing, template) and the ratio largest/smallest.
"임대" and "치과" match a fixed 20 entries at every size (an index lookup should not grow
with the table); "지원" matches about a third of all entries (it grows; shown for honesty).
Not run by CI.
"""
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import insert

from bench.generate import bench_app

OUT = Path(__file__).parent / "out"
REPEAT = 60
WORDS = ["식품", "꾸러미", "반찬", "배달", "상담", "돌봄", "교육", "나들이", "방역", "청소", "법률", "학습",
         "멘토링", "취업", "일자리", "건강", "검진", "난방", "연탄", "세탁", "이미용", "안부", "말벗", "장보기"]
TAILS = ["지원", "서비스", "사업", "프로그램", "나눔"]
DOMAINS = ["safety", "health", "daily_living", "family", "social", "economy", "education", "employment",
           "environment", "rights", "other"]
FIXED = ["주택임대보조금", "치과 진료비"]  # 10 each, at every size


def generate(app, n: int, seed: int = 12) -> dict:
    from caseweb.extensions import db
    from caseweb.models import Organization, Resource, ResourceGram, ResourceProvider, User, Zone
    from caseweb.models.resource import resource_zones
    from caseweb.models.search import name_grams
    from caseweb.resources.directory import normalise, search_text
    from caseweb.security import hash_password
    from caseweb.timeutil import utcnow

    rng, now, started = random.Random(seed), utcnow(), time.perf_counter()
    with app.app_context():
        db.create_all()
        zones = [Zone(name=f"{i}권역") for i in range(1, 4)]
        org = Organization(name="벤치 복지관", kind="welfare_center", sector="private", programme="welfare_center")
        db.session.add_all(zones + [org])
        db.session.flush()
        db.session.add(User(username="bench", name="벤치", org=org, role="worker",
                            password_hash=hash_password("bench-password-2026")))
        providers = [ResourceProvider(name=f"제공기관{i:04d}", sector=rng.choice(["public", "private"]))
                     for i in range(max(50, n // 200))]
        db.session.add_all(providers)
        db.session.commit()
        rows, grams, zrows = [], [], []
        for i in range(1, n + 1):
            if i <= 20:
                name = f"{FIXED[i % 2]} {i}"
            else:
                name = f"{rng.choice(WORDS)}{rng.choice(WORDS)} {rng.choice(TAILS)} {i}"
            provider = rng.choice(providers)
            norm = search_text(name, provider.name)
            rows.append({"id": i, "provider_id": provider.id, "owner_org_id": org.id, "name": name,
                         "name_norm": normalise(name), "search_norm": norm, "domain": rng.choice(DOMAINS),
                         "target_groups": [], "status": "active", "capacity_kind": "none", "assured_at": now,
                         "created_at": now, "updated_at": now})
            grams += [{"gram": g, "resource_id": i} for g in name_grams(norm)]
            if rng.random() < 0.6:
                zrows.append({"resource_id": i, "zone_id": rng.choice(zones).id})
        with db.engine.begin() as conn:
            for model, data in ((Resource, rows), (ResourceGram, grams), (resource_zones, zrows)):
                table = model if model is resource_zones else model.__table__
                for k in range(0, len(data), 20_000):
                    conn.execute(insert(table), data[k:k + 20_000])
        db.session.remove()
    return {"resources": n, "grams": len(grams), "seconds": round(time.perf_counter() - started, 1)}


def _median_ms(call):
    call()
    samples = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples), response.get_data(as_text=True).count('class="card resource-item"')


def measure(n: int) -> dict:
    folder = OUT / f"resources-{n}"
    app = bench_app(folder)
    if not (folder / ".complete").exists():
        if (folder / "bench.sqlite3").exists():
            (folder / "bench.sqlite3").unlink()
        print(f"generating {n:,} resources …", flush=True)
        print(generate(app, n), flush=True)
        (folder / ".complete").touch()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/login", data={"username": "bench", "password": "bench-password-2026"}).status_code == 302
    htmx = {"HX-Request": "true"}
    checks = {
        "search '임대' (2 syllables, 10 hits)": lambda: client.get("/resources/?q=임대", headers=htmx),
        "search '치과' + domain + zone": lambda: client.get("/resources/?q=치과&domain=health&zone=1", headers=htmx),
        "search '주택임대보조금' (7 syllables)": lambda: client.get("/resources/?q=주택임대보조금", headers=htmx),
        "search '지원' (a third of all, page 1)": lambda: client.get("/resources/?q=지원", headers=htmx),
    }
    return {name: _median_ms(call) for name, call in checks.items()}


def main(sizes: list[int]) -> None:
    results = {n: measure(n) for n in sizes}
    small, large = min(sizes), max(sizes)
    print(f"\n{'median ms (entries shown)':40}" + "".join(f"{s:>16,}" for s in sizes) + f"{'ratio':>9}")
    for name in results[small]:
        row = "".join(f"{results[s][name][0]:10.1f} ({results[s][name][1]:>3})" for s in sizes)
        print(f"{name:40}{row}{results[large][name][0] / results[small][name][0]:9.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
