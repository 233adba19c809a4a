"""The bell, the list, mark-read, and the optional e-mail without personal data."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Notification
from caseweb.notifications import services
from caseweb.referrals import services as referrals

from ..conftest import is_full_page

HX = {"HX-Request": "true"}


@pytest.fixture()
def w(make, app):
    class W:
        pass
    w = W()
    w.lead, w.other = make.org(), make.org()
    w.sender = make.user(w.lead, email="sender@example.org")
    w.receiver = make.user(w.other, email="receiver@example.org")
    w.household = make.household(w.lead, head_name="최순자")
    w.case = make.case(w.lead, w.household)
    make.consent(w.household, [w.other])
    return w


def _refer(app, w):
    with app.test_request_context("/"):
        t = referrals.send_referral(w.case, w.sender, w.other, "최순자 님 식사 지원", ["overview"])
    db.session.commit()
    return t


def test_received_referral_notifies_receiving_org_by_case_number(app, w):
    _refer(app, w)
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.receiver.id))
    assert note.kind == "referral_received" and w.case.number in note.message
    assert "최순자" not in note.message and note.link.startswith("/referrals/")


def test_bell_fragment_counts_unread(app, login, w):
    _refer(app, w)
    c = login(w.receiver)
    r = c.get("/notifications/bell", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert 'id="notification-bell"' in html and ">1<" in html and 'hx-trigger="every 60s"' in html
    assert is_full_page(c.get("/notifications/bell").get_data(as_text=True))
    assert 'id="notification-bell"' in c.get("/").get_data(as_text=True)


def test_list_and_mark_read(app, login, w):
    _refer(app, w)
    c = login(w.receiver)
    html = c.get("/notifications/").get_data(as_text=True)
    assert f"사례 {w.case.number}의 새 의뢰가 도착했습니다" in html and "안 읽음" in html
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.receiver.id))
    r = c.post(f"/notifications/{note.id}/read", headers=HX)
    assert r.status_code == 200 and not is_full_page(r.get_data(as_text=True))
    assert note.read_at is not None
    assert ">1<" not in c.get("/notifications/bell", headers=HX).get_data(as_text=True)


def test_mark_read_of_someone_elses_notification_is_404(app, login, w):
    _refer(app, w)
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.receiver.id))
    assert login(w.sender).post(f"/notifications/{note.id}/read").status_code == 404
    assert note.read_at is None


def test_mark_all_read_needs_csrf(app, login, w):
    _refer(app, w)
    c = login(w.receiver)
    assert c.post("/notifications/read", csrf=False).status_code == 400
    c.post("/notifications/read")
    assert services.unread_count(w.receiver) == 0


class FakeSMTP:
    sent = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, msg):
        FakeSMTP.sent.append(msg)


@pytest.fixture()
def fake_smtp(monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(services.smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def test_mail_off_by_default(app, w, fake_smtp):
    _refer(app, w)
    assert fake_smtp.sent == []


def test_mail_after_commit_without_personal_data(app, w, fake_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_ENABLED", True)
    t = _refer(app, w)
    assert len(fake_smtp.sent) == 1
    msg = fake_smtp.sent[0]
    body = msg.get_content()
    assert msg["To"] == "receiver@example.org" and "새 알림이 있습니다" in body
    assert f"/referrals/{t.id}" in body
    assert "최순자" not in body and w.case.number not in body and "식사" not in body


def test_no_mail_when_rolled_back(app, w, fake_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_ENABLED", True)
    with app.test_request_context("/"):
        referrals.send_referral(w.case, w.sender, w.other, "사유", ["overview"])
    db.session.rollback()
    assert fake_smtp.sent == []


def test_english_reader_sees_english_message(app, login, w):
    _refer(app, w)
    c = login(w.receiver)
    with c.session_transaction() as sess:
        sess["lang"] = "en"
    assert f"New referral for case {w.case.number}" in c.get("/notifications/").get_data(as_text=True)
