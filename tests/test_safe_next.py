"""security.safe_next: only plain paths of this site; nothing a browser or header parser reads differently."""
import pytest

from caseweb.extensions import db
from caseweb.security import safe_next


@pytest.mark.parametrize("target", [
    "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "/cases/1\r\nSet-Cookie: x=1", "/cases/1\nX: y",
    "/cases/\t1", "/cases/\x00", "/cases/\x7f", "//evil.example", "https://evil.example/", "cases/1", "",
    None, "/%0d%0a" + "\r"])
def test_unsafe_targets_fall_back(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/cases/12", "/cases/12?tab=notes#team", "/households/?q=%EA%B9%80"])
def test_plain_paths_pass(target):
    assert safe_next(target, "/home") == target


def test_crlf_next_after_a_committed_change_redirects_safely(make, login):
    org = make.org()
    supervisor, worker = make.user(org, "supervisor"), make.user(org, "worker")
    case = make.case(org)
    db.session.commit()
    r = login(supervisor).post(f"/referrals/case/{case.id}/assign",
                               data={"worker_id": worker.id, "next": "/cases/1\r\nSet-Cookie: pwned=1"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case.id}")
    assert "pwned" not in str(r.headers)
    db.session.expire_all()
    assert case.manager_id == worker.id


def test_login_next_with_backslash_goes_home(make, client):
    user = make.user()
    db.session.commit()
    from .factories import DEMO_PASSWORD
    r = client.post("/login?next=/\\evil.example", data={"username": user.username, "password": DEMO_PASSWORD})
    assert r.status_code == 302 and "evil" not in r.headers["Location"]
