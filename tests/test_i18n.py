"""Korean first, English on request, Seoul time on screen, no untranslated Korean."""
import re
from datetime import datetime, timezone

from flask import render_template_string

from caseweb.i18n_sync import sync


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_every_message_has_a_korean_translation():
    missing = sync(check=True)
    assert missing == [], f"{len(missing)} missing; run python -m caseweb.i18n_sync:\n" + "\n".join(missing)


def test_login_page_is_korean_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert _lang(html) == "ko"
    assert "로그인" in html
    assert "Log in to caseweb" not in html


def test_english_after_choosing_it(client, make, auth):
    make.user(username="lang-user")
    auth.login("lang-user")
    r = client.post("/language", data={"lang": "en", "next": "/"})
    assert r.status_code == 302 and r.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert _lang(html) == "en" and "My work" in html and "내 업무" not in html
    auth.logout()
    html = client.get("/login").get_data(as_text=True)  # the choice outlives the session
    assert _lang(html) == "en" and "Log in to caseweb" in html
    auth.login("lang-user")
    client.post("/language", data={"lang": "ko", "next": "/"})
    assert "내 업무" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client, make, auth):
    make.user(username="lang-user2")
    auth.login("lang-user2")
    client.post("/language", data={"lang": "xx", "next": "/"})
    assert _lang(client.get("/").get_data(as_text=True)) == "ko"


def test_times_are_shown_in_seoul(app):
    utc_afternoon = datetime(2026, 3, 31, 15, 0, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        assert render_template_string("{{ t|kst }}", t=utc_afternoon) == "2026-04-01 00:00"
        assert render_template_string("{{ t|kst('HH:mm') }}", t=utc_afternoon) == "00:00"


def test_one_korean_catalogue_and_no_english_one():
    """English is the source language: an English catalogue would only repeat it."""
    from caseweb.i18n import TRANSLATIONS
    assert sorted(str(p.relative_to(TRANSLATIONS)) for p in TRANSLATIONS.rglob("*.po")) == [
        "ko/LC_MESSAGES/messages.po"]


def test_a_context_gives_one_english_word_two_korean_words(app):
    """'Kind' of an organisation and of a conference are different Korean words."""
    with app.test_request_context("/"):
        html = render_template_string(
            "{{ pgettext('organisation', 'Kind') }}|{{ pgettext('conference', 'Kind') }}|{{ _('Sector') }}")
    assert html == "기관 유형|회의 유형|민관 구분"


def test_english_shows_the_source_text(client, make, auth):
    make.user(username="lang-user3", role="admin")
    auth.login("lang-user3")
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get("/admin/organizations").get_data(as_text=True)
    assert ">Kind</th>" in html and "기관 유형" not in html
