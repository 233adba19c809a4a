"""Synthetic district data for benchmarks: `python -m bench.generate 10000 bench/out/10k`.

Writes straight through SQLAlchemy Core in large batches (Faker per row would take
hours at 1M). Names are built from common Korean surnames and given-name
syllables, so two-syllable searches such as 영희 hit realistic numbers of rows.
"""
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
GIVEN = "민서지현수영희준우진하은도윤예건동혁성훈재경미정숙자순옥남철호태석상연주아린유나채원다혜승"
STATUSES = ["screening", "intake", "assessed", "planning", "service", "service", "service",
            "linkage", "closed", "follow_up", "completed", "completed"]
PROGRAMMES = ["integrated", "integrated", "dream_start", "elderly_care", "medical_aid",
              "self_sufficiency", "mental_health", "welfare_center"]
BATCH = 20_000


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _chunks(rows):
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def layout(households: int, shape: str) -> tuple[int, int]:
    """(dong offices, other organisations) for a district of `households`.

    "city": a bigger district has more dong offices and programme organisations
    (about one dong office per 10,000 households, as in Korean cities), each with a
    bounded staff. "dense": the 12-dong demo district, every office growing instead.
    """
    if shape == "dense":
        return 12, 20
    return max(12, households // 10_000), max(20, households // 6_000)


def generate(app, households: int, seed: int = 7, shape: str = "city") -> dict:
    """Fill the app's (empty) database; returns counts."""
    from caseweb.extensions import db
    from caseweb.models import Case, CaseTeam, Household, HouseholdNameGram, Note, Organization, User, Zone
    from caseweb.models.case import NO_DUE
    from caseweb.models.search import name_grams
    from caseweb.security import hash_password
    from caseweb.timeutil import seoul_today, utcnow

    rng = random.Random(seed)
    today = seoul_today()
    now = utcnow()
    started = time.perf_counter()
    n_dongs, n_others = layout(households, shape)
    dongs = [f"한빛{i}동" for i in range(1, n_dongs + 1)]
    with app.app_context():
        db.create_all()
        conn = db.session.connection()
        conn.execute(insert(Zone), [{"id": i, "name": f"권역{i}", "created_at": now} for i in (1, 2, 3)])
        orgs = [{"id": i + 1, "name": f"{d} 행정복지센터", "kind": "dong_office", "sector": "public",
                 "programme": "integrated", "zone_id": i % 3 + 1, "dong": d, "active": True,
                 "rrn_allowed": True, "created_at": now} for i, d in enumerate(dongs)]
        others = range(n_dongs + 1, n_dongs + n_others + 1)
        orgs += [{"id": oid, "name": f"기관{oid}", "kind": "public_program" if oid % 2 else "welfare_center",
                  "sector": "public" if oid % 2 else "private", "programme": PROGRAMMES[oid % len(PROGRAMMES)],
                  "zone_id": oid % 3 + 1, "dong": None, "active": True, "rrn_allowed": True,
                  "created_at": now} for oid in others]
        conn.execute(insert(Organization), orgs)
        # Staff sized to ~100 cases a worker, capped at 60 a office (or uncapped when dense).
        expected = households * 1.15
        per_org = {o["id"]: (expected * (0.6 / n_dongs if o["kind"] == "dong_office" else 0.4 / n_others))
                   for o in orgs}
        cap = 60 if shape == "city" else 10_000
        pw = hash_password("bench-password-2026")
        users, staff, next_id = [], {}, len(orgs) + 1
        for o in orgs:
            ids = [o["id"]]  # bench<org id> is the first worker of each organisation
            users.append({"id": o["id"], "username": f"bench{o['id']}", "name": f"직원{o['id']}",
                          "org_id": o["id"], "role": "worker", "active": True, "password_hash": pw,
                          "must_change_password": False, "failed_logins": 0, "created_at": now})
            for _ in range(min(cap, max(1, round(per_org[o["id"]] / 100))) - 1):
                users.append({**users[-1], "id": next_id, "username": f"bench{o['id']}_{next_id}",
                              "name": f"직원{next_id}"})
                ids.append(next_id)
                next_id += 1
            staff[o["id"]] = ids
        for chunk in _chunks(users):
            conn.execute(insert(User), chunk)

        hh_rows, case_rows, team_rows, note_rows, gram_rows = [], [], [], [], []
        case_id = 0
        for hid in range(1, households + 1):
            name = _name(rng)
            dong_i = rng.randrange(n_dongs)
            phone = f"010{rng.randrange(10**8):08d}"
            gram_rows.extend({"gram": g, "household_id": hid} for g in name_grams(name))
            hh_rows.append({
                "id": hid, "number": f"H-B{hid:08d}", "head_name": name, "head_name_norm": name,
                "birth_date": date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 70)),
                "address": f"한빛로 {rng.randrange(1, 300)}", "dong": dongs[dong_i],
                "phone": f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", "phone_digits": phone,
                "household_type": "general", "income_status": "general", "created_by_org_id": dong_i + 1,
                "created_at": now, "updated_at": now, "version": 1})
            for _ in range(1 if rng.random() < 0.85 else 2):
                case_id += 1
                lead = dong_i + 1 if rng.random() < 0.6 else rng.choice(others)
                found = today - timedelta(days=rng.randrange(1, 720))
                status = rng.choice(STATUSES)
                due = today + timedelta(days=rng.randrange(-40, 60)) if status != "completed" else None
                case_rows.append({
                    "id": case_id, "number": f"C-B{case_id:08d}", "household_id": hid,
                    "programme": rng.choice(PROGRAMMES), "lead_org_id": lead,
                    "manager_id": rng.choice(staff[lead]), "status": status, "found_on": found,
                    "intake_on": found + timedelta(days=3), "due_on": due, "due_sort": due or NO_DUE,
                    "level": "general", "created_at": now, "updated_at": now, "version": 1})
                team_rows.append({"case_id": case_id, "org_id": lead, "role": "lead", "via": "intake",
                                  "since": now, "active": True})
                if rng.random() < 0.1:
                    for k in range(3):
                        note_rows.append({"case_id": case_id, "kind": "visit",
                                          "contact_on": found + timedelta(days=10 * k + 5),
                                          "body": "가정방문. 생활 상황 점검.", "author_id": staff[lead][0],
                                          "org_id": lead, "created_at": now, "updated_at": now, "version": 1})
            if len(hh_rows) >= BATCH:
                _flush(conn, (Household, Case, CaseTeam, Note, HouseholdNameGram),
                       (hh_rows, case_rows, team_rows, note_rows, gram_rows))
        _flush(conn, (Household, Case, CaseTeam, Note, HouseholdNameGram),
               (hh_rows, case_rows, team_rows, note_rows, gram_rows))
        from caseweb.models.search import rebuild_case_grams
        rebuild_case_grams(conn)  # the organisation-partitioned postings the name search reads
        db.session.commit()
        # begin(), not connect(): statistics are written in a transaction that must commit
        # (with connect() the transaction was rolled back and the plans ran without them).
        with db.engine.begin() as c:
            c.exec_driver_sql("ANALYZE")
    return {"households": households, "cases": case_id, "organisations": len(orgs), "staff": len(users),
            "shape": shape, "seconds": round(time.perf_counter() - started, 1)}


def bring_up_to_date(app) -> int | None:
    """A database generated by an older bench.generate: add new tables and fill the
    organisation name postings (what the migration's backfill does). Rows written, or None."""
    from sqlalchemy import select
    from caseweb.extensions import db
    from caseweb.models import Case, CaseNameGram
    from caseweb.models.search import rebuild_case_grams
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(CaseNameGram.case_id).limit(1)) is not None or \
                db.session.scalar(select(Case.id).limit(1)) is None:
            return None
        written = rebuild_case_grams(db.session.connection())
        db.session.commit()
        with db.engine.begin() as c:
            c.exec_driver_sql("ANALYZE case_name_grams")
        return written


def _flush(conn, models, lists):
    for model, rows in zip(models, lists):
        for chunk in _chunks(rows):
            conn.execute(insert(model), chunk)
        rows.clear()


def bench_app(folder: Path):
    from caseweb import create_app
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return create_app({"INSTANCE_PATH": str(folder), "RRN_KEY": "22" * 32, "SECRET_KEY": "bench",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                       "RATELIMIT_ENABLED": False})


if __name__ == "__main__":
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    shape = sys.argv[3] if len(sys.argv) > 3 else "city"
    db_file = out / "bench.sqlite3"
    if db_file.exists():
        db_file.unlink()
    print(generate(bench_app(out), n, shape=shape))
