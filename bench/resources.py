"""Resource directory search at 10k and 100k entries: `python -m bench.resources 10000 100000`.

Generates (or reuses) one SQLite database per size under bench/out/resources-<n>/ with
synthetic entries and their bigram rows, then reports the median of repeated searches
through the full Flask stack (login, routing, template) and the ratio largest/smallest.
"임대" and "치과" match a fixed 20 entries at every size (an index lookup should not grow
with the table); "지원", "어르신" and the landing list match a share of all entries: a
search ranks at most the newest 1,000 matches (caseweb.resources.directory.RESULT_CAP),
so those stay bounded too. Wall and CPU time both (CPU is steadier on a loaded machine).
Not run by CI: a benchmark, not a test.
"""
import random
import sys
import time
from pathlib import Path

from sqlalchemy import insert

from bench.generate import bench_app
from bench.timing import interleaved

OUT = Path(__file__).parent / "out"
REPEAT = 60
WORDS = ["식품", "꾸러미", "반찬", "배달", "상담", "돌봄", "교육", "나들이", "방역", "청소", "법률", "학습",
         "멘토링", "취업", "일자리", "건강", "검진", "난방", "연탄", "세탁", "이미용", "안부", "말벗", "장보기"]
TAILS = ["지원", "서비스", "사업", "프로그램", "나눔"]
DOMAINS = ["safety", "health", "daily_living", "family", "social", "economy", "education", "employment",
           "environment", "rights", "other"]
FIXED = ["주택임대보조금", "치과 진료비"]  # 10 each, at every size
WHOM = ["저소득 가구에", "홀로 사는 어르신께", "한부모 가정에", "장애인 가구에", "위기 가구에", "아동이 있는 가구에"]
HOW = ["정기적으로 지원합니다.", "직접 방문하여 제공합니다.", "신청을 받아 연계합니다.", "월 1회 나누어 드립니다."]
ELIGIBILITY = ["기초생활수급자, 차상위계층", "기준 중위소득 50% 이하", "65세 이상 독거노인", "관내 거주자 누구나", None]


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
            description = f"{rng.choice(WORDS)} {rng.choice(WORDS)}을(를) {rng.choice(WHOM)} {rng.choice(HOW)}"
            eligibility = rng.choice(ELIGIBILITY)
            norm = search_text(name, provider.name, description, eligibility)
            # The fixed entries are health services in zone 1, so the filtered search finds all 10.
            domain = "health" if i <= 20 else rng.choice(DOMAINS)
            rows.append({"id": i, "provider_id": provider.id, "owner_org_id": org.id, "name": name,
                         "name_norm": normalise(name), "search_norm": norm, "domain": domain,
                         "description": description, "eligibility": eligibility,
                         "target_groups": [], "status": "active", "capacity_kind": "none", "assured_at": now,
                         "created_at": now, "updated_at": now})
            grams += [{"gram": g, "resource_id": i} for g in name_grams(norm)]
            if i <= 20:
                zrows.append({"resource_id": i, "zone_id": zones[0].id})
            elif rng.random() < 0.6:
                zrows.append({"resource_id": i, "zone_id": rng.choice(zones).id})
        with db.engine.begin() as conn:
            for model, data in ((Resource, rows), (ResourceGram, grams), (resource_zones, zrows)):
                table = model if model is resource_zones else model.__table__
                for k in range(0, len(data), 20_000):
                    conn.execute(insert(table), data[k:k + 20_000])
        db.session.remove()
    return {"resources": n, "grams": len(grams), "seconds": round(time.perf_counter() - started, 1)}


CHECKS = {
    "'임대' (2 syllables, 10 hits)": "q=임대",
    "'치과' + domain + zone (10 hits)": "q=치과&domain=health&zone=1",
    "'주택임대보조금' (7 syllables, 10 hits)": "q=주택임대보조금",
    "'지원' (names and descriptions: ~40%)": "q=지원",
    "'지원' + domain + zone": "q=지원&domain=health&zone=1",
    "'반찬지원' (rare and common bigrams)": "q=반찬지원",
    "'어르신' (descriptions only: ~1/6)": "q=어르신",
    "'찬' (1 syllable)": "q=찬",
    "no words, available now (the landing list)": "available=1",
}


def client_for(n: int):
    """A logged-in test client on the directory of `n` entries (generated on first use)."""
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
    return client


def main(sizes: list[int]) -> None:
    clients = {n: client_for(n) for n in sizes}
    htmx = {"HX-Request": "true"}
    small, large = min(sizes), max(sizes)
    print(f"\n{'median ms: wall / CPU (entries shown)':44}" + "".join(f"{s:>22,}" for s in sizes)
          + f"{'ratio wall':>11}{'ratio CPU':>10}")
    for name, args in CHECKS.items():
        t = interleaved({n: lambda c=c: c.get(f"/resources/?{args}", headers=htmx) for n, c in clients.items()},
                        REPEAT)
        shown = {n: t[n].response.get_data(as_text=True).count('class="card resource-item"') for n in sizes}
        row = "".join(f"{t[n].wall_ms:8.1f} /{t[n].cpu_ms:6.1f} ({shown[n]:>2})" for n in sizes)
        print(f"{name:44}{row}{t[large].wall_ms / t[small].wall_ms:11.2f}{t[large].cpu_ms / t[small].cpu_ms:10.2f}",
              flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
