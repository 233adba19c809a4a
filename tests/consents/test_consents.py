"""Recording and revoking consent; the signed form's scan."""
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from caseweb.authz import can_see_case
from caseweb.extensions import db
from caseweb.models import AccessLog, Consent, HouseholdMember, Note, Notification
from caseweb.timeutil import seoul_today

from ..conftest import is_full_page

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture()
def w(make):
    class W:
        pass
    w = W()
    w.lead, w.partner, w.other = make.org(), make.org(kind="welfare_center", sector="private"), make.org()
    w.worker, w.partner_worker, w.other_worker = make.user(w.lead), make.user(w.partner), make.user(w.other)
    w.viewer = make.user(w.lead, "viewer")
    w.household = make.household(w.lead, head_name="박민수", dong="새봄동")
    w.case = make.case(w.lead, w.household)
    db.session.commit()
    return w


def _form(**over):
    data = {"kinds": ["collect_use", "third_party"], "subject_member_id": "0", "scope": "orgs",
            "purpose": "통합사례관리 서비스 연계", "items": "성명, 연락처, 욕구", "valid_from": seoul_today().isoformat(),
            "valid_until": "", "guardian_name": "", "guardian_relation": ""}
    data.update(over)
    return data


def _rows(household):
    return list(db.session.scalars(select(Consent).where(Consent.household_id == household.id)))


def test_record_one_row_per_kind_with_recipients(login, w):
    c = login(w.worker)
    page = c.get(f"/consents/household/{w.household.id}/new").get_data(as_text=True)
    assert "동의 저장" in page and "제3자" in page
    r = c.post(f"/consents/household/{w.household.id}/new", data=_form(recipient_ids=[w.partner.id]))
    assert r.status_code == 302
    rows = _rows(w.household)
    assert sorted(x.kind for x in rows) == ["collect_use", "third_party"]
    assert all([o.id for o in x.recipients] == [w.partner.id] for x in rows)
    assert all(x.recorded_by_id == w.worker.id and x.recorded_by_org_id == w.lead.id for x in rows)
    assert db.session.scalar(select(AccessLog.id).where(AccessLog.action == "consent_record",
                                                        AccessLog.household_id == w.household.id))


def test_third_party_needs_recipients_or_network(login, w):
    c = login(w.worker)
    r = c.post(f"/consents/household/{w.household.id}/new", data=_form())
    assert r.status_code == 422 and "협의체 전체를 선택하세요" in r.get_data(as_text=True)
    r = c.post(f"/consents/household/{w.household.id}/new", data=_form(scope="network"))
    assert r.status_code == 302 and {x.scope for x in _rows(w.household)} == {"network"}


def test_no_kind_ticked_is_refused(login, w):
    r = login(w.worker).post(f"/consents/household/{w.household.id}/new", data=_form(kinds=[]))
    assert r.status_code == 422 and not _rows(w.household)


def test_guardian_required_for_child_head(login, make, w):
    child = make.household(w.lead, birth_date=seoul_today() - timedelta(days=365 * 10))
    db.session.commit()
    c = login(w.worker)
    r = c.post(f"/consents/household/{child.id}/new", data=_form(scope="network"))
    assert r.status_code == 422 and "법정대리인 성명을 입력하세요" in r.get_data(as_text=True)
    r = c.post(f"/consents/household/{child.id}/new",
               data=_form(scope="network", guardian_name="이순자", guardian_relation="조모"))
    assert r.status_code == 302 and _rows(child)[0].guardian_name == "이순자"


def test_guardian_required_for_child_member(login, w):
    kid = HouseholdMember(household_id=w.household.id, name="박하늘", relation="자녀", birth_date=date(2020, 3, 1))
    db.session.add(kid)
    db.session.commit()
    c = login(w.worker)
    r = c.post(f"/consents/household/{w.household.id}/new", data=_form(scope="network", subject_member_id=kid.id))
    assert r.status_code == 422 and "법정대리인과의 관계를 입력하세요" in r.get_data(as_text=True)
    r = c.post(f"/consents/household/{w.household.id}/new", data=_form(scope="network", subject_member_id=9999))
    assert r.status_code == 422  # a member of another household cannot be chosen


@pytest.mark.parametrize("payload,name,ok", [
    (PDF, "form.pdf", True),
    (PNG, "scan.png", True),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "scan.jpg", True),
    (b"MZ\x90\x00 not a pdf", "form.pdf", False),
    (b"<html><script>alert(1)</script>", "form.png", False),
])
def test_scan_type_checked_by_content(app, login, w, payload, name, ok):
    r = login(w.worker).post(f"/consents/household/{w.household.id}/new", content_type="multipart/form-data",
                             data=_form(scope="network", scan=(io.BytesIO(payload), name)))
    rows = _rows(w.household)
    if ok:
        assert r.status_code == 302
        stored = Path(app.config["UPLOAD_FOLDER"]) / rows[0].scan_path
        assert stored.read_bytes() == payload and name not in stored.name
        assert "static" not in stored.parts
    else:
        assert r.status_code == 422 and "PDF, JPEG, PNG 파일만" in r.get_data(as_text=True) and not rows


def test_scan_larger_than_5_mb_refused(login, w):
    big = PDF + b"0" * (5 * 1024 * 1024)
    r = login(w.worker).post(f"/consents/household/{w.household.id}/new", content_type="multipart/form-data",
                             data=_form(scope="network", scan=(io.BytesIO(big), "big.pdf")))
    assert r.status_code == 422 and "5MB 이하" in r.get_data(as_text=True) and not _rows(w.household)


def _with_scan(login, w):
    login(w.worker).post(f"/consents/household/{w.household.id}/new", content_type="multipart/form-data",
                         data=_form(kinds=["third_party"], recipient_ids=[w.partner.id],
                                    scan=(io.BytesIO(PDF), "동의서_박민수.pdf")))
    return _rows(w.household)[0]


def test_scan_download_is_attachment_and_logged_with_reason(login, w):
    consent = _with_scan(login, w)
    c = login(w.worker)
    r = c.get(f"/consents/{consent.id}/scan")
    assert r.status_code == 200 and "내려받는 사유" in r.get_data(as_text=True)
    r = c.get(f"/consents/{consent.id}/scan?reason=감사 제출")
    assert r.status_code == 200 and r.data == PDF
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "박민수" not in r.headers["Content-Disposition"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    log = db.session.scalar(select(AccessLog).where(AccessLog.action == "consent_scan_download"))
    assert log.reason == "감사 제출" and log.household_id == w.household.id


def test_scan_download_404_for_org_that_cannot_see_household(login, w):
    consent = _with_scan(login, w)
    assert login(w.other_worker).get(f"/consents/{consent.id}/scan?reason=x").status_code == 404
    assert login(w.other_worker).post(f"/consents/{consent.id}/revoke", data={"reason": "x"}).status_code == 404


def test_revoke_cuts_partner_access_but_keeps_their_notes(login, make, w):
    consent = make.consent(w.household, [w.partner])
    make.partner(w.case, w.partner)
    note = Note(case_id=w.case.id, kind="visit", contact_on=seoul_today(), body="가정방문: 식사 상태 양호",
                author_id=w.partner_worker.id, org_id=w.partner.id)
    db.session.add(note)
    db.session.commit()
    assert can_see_case(w.partner.id, w.case)
    partner = login(w.partner_worker)
    assert partner.get(f"/cases/{w.case.id}").status_code == 200
    r = login(w.worker).post(f"/consents/{consent.id}/revoke", data={"reason": "본인 철회 요청"})
    assert r.status_code == 302
    assert consent.revoked_at is not None and consent.revoked_by_id == w.worker.id
    assert not can_see_case(w.partner.id, w.case)
    assert partner.get(f"/cases/{w.case.id}").status_code == 404
    assert db.session.get(Note, note.id).body == "가정방문: 식사 상태 양호"
    notice = db.session.scalar(select(Notification).where(Notification.user_id == w.partner_worker.id))
    assert notice.kind == "consent_revoked" and w.case.number in notice.message and "박민수" not in notice.message
    log = db.session.scalar(select(AccessLog).where(AccessLog.action == "consent_revoke"))
    assert log.reason == "본인 철회 요청"


def test_revoke_needs_reason_and_returns_panel_fragment(login, make, w):
    consent = make.consent(w.household, [w.partner])
    db.session.commit()
    c = login(w.worker)
    r = c.post(f"/consents/{consent.id}/revoke", data={"reason": ""}, headers=HX)
    assert r.status_code == 422 and not is_full_page(r.get_data(as_text=True)) and consent.revoked_at is None
    r = c.post(f"/consents/{consent.id}/revoke", data={"reason": "본인 요청으로 철회"}, headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html) and 'id="consent-panel"' in html and "철회됨" in html
    assert consent.revoke_reason == "본인 요청으로 철회" and "본인 요청으로 철회" in html


def test_viewer_cannot_record_or_revoke(login, make, w):
    consent = make.consent(w.household, [w.partner])
    db.session.commit()
    c = login(w.viewer)
    assert c.post(f"/consents/{consent.id}/revoke", data={"reason": "x"}).status_code == 403
    assert c.get(f"/consents/household/{w.household.id}/new").status_code == 403


def test_panel_shows_status(login, make, w):
    make.consent(w.household, [w.partner])
    make.consent(w.household, [w.partner], valid_from=seoul_today() - timedelta(days=60),
                 valid_until=seoul_today() - timedelta(days=1))
    db.session.commit()
    html = login(w.worker).get(f"/consents/household/{w.household.id}").get_data(as_text=True)
    assert "유효" in html and "만료" in html and "동의 철회" in html and w.partner.name in html


def test_household_page_includes_the_panel(login, make, w):
    make.consent(w.household, [w.partner])
    db.session.commit()
    c = login(w.worker)
    html = c.get(f"/households/{w.household.id}").get_data(as_text=True)
    assert 'id="consent-panel"' in html and "동의 철회" in html
