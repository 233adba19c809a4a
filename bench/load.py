"""Load test: N users, a share of them writing, against gunicorn on loopback, for a bounded time.

`python -m bench.load [--seconds 60] [--users 16] [--writes 0.3] [--database URL]`

Seeds a fresh database (a SQLite file under bench/out/load, or, with
--database postgresql+psycopg://…/name, that PostgreSQL database emptied first), starts
`gunicorn -w 2 --threads 8` on 127.0.0.1, and lets every user log in and then, until
the time is up, open the case list or a case page, or (with probability --writes) add a
note to a case it shares with three others. Then it stops the server and checks:
no 5xx, no "database is locked" in the server log, and every note whose POST was
acknowledged is in the database exactly once. Exits 1 when any check fails.
"""
import argparse
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-2026"
CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')
TOKEN_RE = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


def seed(app, users: int, per_case: int = 4) -> list[tuple[str, int]]:
    """One dong office, `users` workers, cases in service shared by `per_case` workers: [(username, case id)]."""
    from datetime import date
    from caseweb.extensions import db
    from caseweb.models import Case, CaseTeam, Household, Organization, User
    from caseweb.security import hash_password
    with app.app_context():
        db.drop_all()
        db.create_all()
        org = Organization(name="부하1동 행정복지센터", kind="dong_office", sector="public", programme="integrated",
                           dong="부하1동")
        db.session.add(org)
        db.session.flush()
        pw = hash_password(PASSWORD)
        people, cases = [], []
        for i in range(users):
            user = User(username=f"load{i}", name=f"부하{i}", org=org, role="worker", password_hash=pw)
            db.session.add(user)
            db.session.flush()
            if i % per_case == 0:
                h = Household(number=f"H-L{i:05d}", head_name=f"김부하{i}", head_name_norm=f"김부하{i}",
                              birth_date=date(1970, 1, 1), dong="부하1동", created_by_org_id=org.id)
                case = Case(number=f"C-L{i:05d}", household=h, programme="integrated", lead_org_id=org.id,
                            manager=user, status="service", found_on=date(2026, 1, 5))
                db.session.add(case)
                db.session.flush()
                db.session.add(CaseTeam(case_id=case.id, org_id=org.id, role="lead", via="intake"))
                cases.append(case.id)
            people.append((user.username, cases[-1]))
        db.session.commit()
        return people


class Browser:
    """One user's cookies over one keep-alive connection (http.client, loopback only)."""

    def __init__(self, port: int):
        self.port, self.cookies, self.conn = port, {}, None

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        body = urlencode(form) if form is not None else None
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (ConnectionError, http.client.HTTPException, socket.timeout):
                self.conn.close()
                self.conn = None
                if attempt == 2 or method != "GET":
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/login")
        status, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD,
                                                   "csrf_token": CSRF_RE.search(page).group(1)})
        assert status == 302, f"login {username}: {status}"


def run_user(browser, username, case_id, deadline, writes, stats, acked, lock):
    rng = random.Random(username)
    n = 0
    while time.monotonic() < deadline:
        t = time.perf_counter()
        if rng.random() < writes:
            status, page = browser.request("GET", f"/cases/{case_id}/notes")
            token = TOKEN_RE.search(page)
            n += 1
            body = f"load {username} {n}"
            form = {"csrf_token": CSRF_RE.search(page).group(1), "kind": "phone",
                    "contact_on": time.strftime("%Y-%m-%d"), "body": body}
            if token:
                form["form_token"] = token.group(1)
            status, _ = browser.request("POST", f"/cases/{case_id}/notes", form)
            kind = "write"
            if status in (200, 302, 303):
                with lock:
                    acked.append(body)
        else:
            path = "/cases/" if rng.random() < 0.5 else f"/cases/{case_id}"
            status, _ = browser.request("GET", path)
            kind = "read"
        with lock:
            stats.append((kind, status, time.perf_counter() - t))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int = 2, threads: int = 8, log=None) -> subprocess.Popen:
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "--threads", str(threads),
           "-b", f"127.0.0.1:{port}", "--timeout", "60", "app:app"]
    # BENCH_CASEWEB_ROOT: serve another checkout (e.g. an older commit, for before/after figures).
    proc = subprocess.Popen(cmd, cwd=os.environ.get("BENCH_CASEWEB_ROOT", ROOT), env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def server_env(url: str, instance: Path) -> dict:
    return dict(os.environ, CASEWEB_DATABASE_URL=url, CASEWEB_INSTANCE_PATH=str(instance),
                CASEWEB_SECRET_KEY="load-secret", CASEWEB_RRN_KEY="33" * 32, CASEWEB_RATELIMIT_ENABLED="0")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--writes", type=float, default=0.3)
    ap.add_argument("--database", default=None, help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = ap.parse_args(argv)
    instance = ROOT / "bench" / "out" / "load"
    instance.mkdir(parents=True, exist_ok=True)
    url = args.database or f"sqlite:///{instance / 'load.sqlite3'}"
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    env = server_env(url, instance)
    os.environ.update({k: env[k] for k in env if k.startswith("CASEWEB_")})
    from caseweb import create_app
    app = create_app()
    people = seed(app, args.users)
    port, log_path = free_port(), instance / "gunicorn.log"
    with open(log_path, "w") as log:
        proc = start_gunicorn(env, port, log=log)
        stats, acked, lock = [], [], threading.Lock()
        # Logins one after another, before the clock starts: a login flood is issue 7 item 7's test.
        browsers = []
        for username, _case in people:
            browsers.append(Browser(port))
            browsers[-1].login(username)
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=run_user, args=(b, u, c, deadline, args.writes, stats, acked, lock))
                   for b, (u, c) in zip(browsers, people)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        stop(proc)
    return report(app, stats, acked, elapsed, log_path.read_text(), url)


def report(app, stats, acked, elapsed, server_log, url) -> int:
    from caseweb.extensions import db
    from caseweb.models import Note
    with app.app_context():
        bodies = db.session.scalars(db.select(Note.body).where(Note.body.like("load %"))).all()
        db.engine.dispose()
    stored = {b: bodies.count(b) for b in set(bodies)}
    missing = [b for b in acked if b not in stored]
    doubled = [b for b, n in stored.items() if n > 1]
    errors = [s for _k, s, _t in stats if s >= 500]
    locked = server_log.count("database is locked")
    conflicts = [s for _k, s, _t in stats if s == 409]
    print(f"{url.split('://')[0]}: {len(stats)} requests in {elapsed:.1f} s = {len(stats) / elapsed:.1f} req/s")
    for kind in ("read", "write"):
        times = sorted(t for k, _s, t in stats if k == kind)
        if times:
            print(f"  {kind:5} n={len(times):5}  median {statistics.median(times) * 1000:6.1f} ms  "
                  f"p95 {times[int(len(times) * 0.95)] * 1000:6.1f} ms  max {times[-1] * 1000:6.1f} ms")
    print(f"  5xx: {len(errors)}  'database is locked' in server log: {locked}  409: {len(conflicts)}")
    print(f"  notes acknowledged: {len(acked)}  missing afterwards: {len(missing)}  stored twice: {len(doubled)}")
    return 0 if not (errors or locked or missing or doubled or conflicts) else 1


if __name__ == "__main__":
    sys.exit(main())
