"""The access log speaks Korean: every action code the app writes, and the targets, in words."""
import re
from datetime import datetime, timezone
from pathlib import Path

import caseweb
from caseweb.audit_labels import action_label, target_label
from caseweb.cases.actions import PAGE_ACTIONS
from caseweb.extensions import db
from caseweb.models import AccessLog
from caseweb.models.transition import TRANSITION_STATUSES

CODE = re.compile(r'"([a-z]+(?:_[a-z]+)+)"')
# Lines that name an access-log action: the call itself, the helpers that pass one on.
ACTION_LINE = re.compile(r"log_access\(|\baction=\"|_log_item\(|log_as|^\s*action = |LIMITED_ACTION =|action: str = ")
NOT_ACTIONS = {"consent_revoked"}  # a case event written next to a log call, not a log action


def written_codes() -> set[str]:
    """The literal codes in the source, and the families built from registries (case steps, referrals)."""
    codes = set()
    for path in Path(caseweb.__file__).parent.rglob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            if ACTION_LINE.search(line):
                codes.update(c for c in CODE.findall(line) if not c.endswith("_id"))
    for action in PAGE_ACTIONS:
        codes |= {f"case_{action}", f"case_{action}_refused"}
    for decision in ("approve", "return"):
        codes |= {f"case_closure_{decision}", f"case_closure_{decision}_refused"}
    for kind in ("referral", "transfer"):
        codes |= {f"{kind}_{step}" for step in ("view", "sent", *TRANSITION_STATUSES)}
    return codes - NOT_ACTIONS


def test_every_code_reads_as_korean_words(app):
    codes = written_codes()
    assert {"household_view", "rrn_reveal", "consent_record", "conference_minutes_save", "case_intake",
            "duplicate_check_limited", "admin_list_option_deactivate", "report_list_export"} <= codes
    with app.test_request_context("/"):
        english = {code: action_label(code) for code in codes if re.search("[A-Za-z]", action_label(code))}
    assert english == {}


def test_words_for_a_few_codes(app):
    with app.test_request_context("/"):
        assert action_label("household_view") == "대상가구 조회"
        assert action_label("rrn_reveal_refused") == "주민등록번호 전체 보기 (거부됨)"
        assert action_label("referral_accepted") == "의뢰 수락"
        assert action_label("case_assessment") == "사례 사정 기록"
        assert target_label("transition:12") == "의뢰·이관 12"
        assert target_label("consents:3,4") == "동의 3, 4"
        assert action_label("something_new") == "something_new"  # unknown: shown as it is, never guessed


def test_the_page_and_its_filter_show_words(admin_client, make):
    org = make.org(name="다온동 행정복지센터")
    kim = make.user(org, username="kimlabel", name="김복지")
    db.session.add(AccessLog(user_id=kim.id, org_id=org.id, action="consent_revoke", target="consent:9",
                             at=datetime(2025, 3, 9, 15, 30, tzinfo=timezone.utc), ip="10.0.0.7"))
    db.session.flush()
    html = admin_client.get("/admin/access-log?user=kimlabel").get_data(as_text=True)
    assert "동의 철회" in html and "동의 9" in html
    assert ">consent_revoke<" not in html and "consent:9" not in html
    assert '<option value="consent_revoke">동의 철회</option>' in html
