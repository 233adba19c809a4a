"""Korean particles follow the word: the final consonant decides, digits are read in Korean."""
import pytest

from caseweb.particles import josa, particle


@pytest.mark.parametrize("word,pair,expected", [
    ("사례", "을(를)", "를"), ("김민지", "을(를)", "를"), ("복지관", "을(를)", "을"),
    ("복지관", "이(가)", "이"), ("드림스타트", "이(가)", "가"), ("C-2026-000011", "을(를)", "을"),
    ("C-2026-000012", "이(가)", "가"), ("H-2026-000010", "은(는)", "은"), ("서울", "으로(로)", "로"),
    ("센터", "으로(로)", "로"), ("복지관", "으로(로)", "으로"), ("ABC", "을(를)", "을(를)"),
])
def test_particle(word, pair, expected):
    assert particle(word, pair) == expected


def test_josa_fixes_a_whole_message():
    assert josa("사례 C-2026-000011을(를) 등록했습니다.") == "사례 C-2026-000011을 등록했습니다."
    assert josa("“라면”이(가) 부족합니다") == "“라면”이 부족합니다"
    assert josa("사례 C-T000002이(가) 배정되었습니다") == "사례 C-T000002가 배정되었습니다"
    assert josa("괄호 (참고) 그대로") == "괄호 (참고) 그대로"


def test_messages_choose_the_particle_in_python_and_templates(app, make, login):
    from flask import render_template_string
    from flask_babel import force_locale, gettext
    with app.test_request_context(), force_locale("ko"):
        assert gettext("Case %(number)s opened.", number="C-2026-000011") == "사례 C-2026-000011을 등록했습니다."
        assert render_template_string('{{ _("Case %(number)s opened.", number="C-2026-000012") }}') \
            == "사례 C-2026-000012를 등록했습니다."


def test_josa_changes_nothing_but_the_particle_pairs():
    """particles.install re-wraps escaped Markup after josa: josa must never add markup characters."""
    from caseweb.particles import josa
    text = '&lt;b hx-get=&#34;/x&#34;&gt;김민지을(를) &amp; 사례이(가) "복지관"은(는) <i>1</i>으로(로)'
    out = josa(text)
    assert out != text
    for char in '<>&"\'=;/':
        assert out.count(char) == text.count(char), char
    assert "김민지를" in out and "사례가" in out
