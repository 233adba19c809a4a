"""Requests per second from real servers (gunicorn) under concurrent clients, interleaved.

Used by bench.run: caseweb, the floor (bench/floor.py) and, where installed, Datasette
serve the same SQLite file on loopback; a bounded Python client (threads, one
keep-alive http.client connection each, like `wrk -c4`) drives each in turn for a few
seconds, several rounds, so machine noise hits all of them alike.
"""
import http.client
import os
import importlib.util
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.load import ROOT, Browser, free_port, server_env, stop

CLIENTS = 4
SECONDS = 4.0
ROUNDS = 3


def drive(port: int, path: str, cookies: dict | None = None, clients: int = CLIENTS,
          seconds: float = SECONDS) -> tuple[int, int]:
    """(answers with status 200, other answers) within `seconds`."""
    counts = [0, 0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    header = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        while time.monotonic() < deadline:
            conn.request("GET", path, headers=header)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                bad += 1
        conn.close()
        with lock:
            counts[0] += ok
            counts[1] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts[0], counts[1]


def _wait(port: int, proc) -> None:
    import socket
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.args}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _gunicorn(app_path: str, env: dict, port: int, cwd=ROOT):
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "--threads", "4",
           "-b", f"127.0.0.1:{port}", app_path]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    _wait(port, proc)
    return proc


def _datasette(db_file: Path, port: int):
    exe = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
    if not Path(exe).exists() and importlib.util.find_spec("datasette") is None:
        return None
    proc = subprocess.Popen([exe, "serve", "-i", str(db_file), "-p", str(port), "-h", "127.0.0.1",
                             "--setting", "num_sql_threads", "4"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    _wait(port, proc)
    return proc


def compare(folder: Path, case_id: int) -> dict:
    """{page: {server: req/s}} for the case list and a case page, plus 'errors'."""
    folder = folder.resolve()
    db_file = folder / "bench.sqlite3"
    env = server_env(f"sqlite:///{db_file}", folder)
    env.update(CASEWEB_SECRET_KEY="bench", CASEWEB_RRN_KEY="22" * 32)
    servers, procs = {}, []
    try:
        port = free_port()
        # BENCH_CASEWEB_ROOT: another checkout of caseweb to serve (e.g. an older commit, for before/after).
        procs.append(_gunicorn("app:app", env, port, cwd=os.environ.get("BENCH_CASEWEB_ROOT", ROOT)))
        browser = Browser(port)
        status, page = browser.request("GET", "/login")
        from bench.load import CSRF_RE
        status, _ = browser.request("POST", "/login", {"username": "bench1", "password": "bench-password-2026",
                                                      "csrf_token": CSRF_RE.search(page).group(1)})
        assert status == 302, status
        servers["caseweb"] = (port, dict(browser.cookies))
        port = free_port()
        procs.append(_gunicorn("bench.floor:app", {**env, "BENCH_DB": str(db_file)}, port))
        servers["floor"] = (port, None)
        port = free_port()
        ds = _datasette(db_file, port)
        if ds is not None:
            procs.append(ds)
            servers["Datasette"] = (port, None)
        pages = {"/cases/": {"caseweb": "/cases/", "floor": "/cases/",
                             "Datasette": "/bench/cases?lead_org_id=1&manager_id=1&_sort=due_sort&_size=25"},
                 "case detail": {"caseweb": f"/cases/{case_id}", "floor": f"/cases/{case_id}",
                                 "Datasette": f"/bench/cases/{case_id}"}}
        totals = {page: {name: [0, 0.0] for name in servers} for page in pages}
        errors = 0
        for name, (port, cookies) in servers.items():  # warm up
            for paths in pages.values():
                drive(port, paths[name], cookies, clients=1, seconds=0.5)
        for _ in range(ROUNDS):
            for page, paths in pages.items():
                for name, (port, cookies) in servers.items():
                    t = time.perf_counter()
                    ok, bad = drive(port, paths[name], cookies)
                    totals[page][name][0] += ok
                    totals[page][name][1] += time.perf_counter() - t
                    errors += bad
        result = {page: {name: n / s for name, (n, s) in per.items()} for page, per in totals.items()}
        result["errors"] = errors
        return result
    finally:
        for proc in procs:
            stop(proc)
