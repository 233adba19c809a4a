"""Korean particles chosen from the word before them: 사례 C-2026-000011을 / 김민지를 / 복지관이.

Translations write both forms, "을(를)", "이(가)", "은(는)", "과(와)", "으로(로)", because the
word is a placeholder; `josa` picks the right one once the word is filled in. The choice follows
the final consonant (받침) of the last syllable; digits are read in Korean (1 일, 2 이, 3 삼 …),
and for "으로(로)" a final ㄹ takes 로. Latin letters keep both forms (their reading is unknown).
"""
import re

PAIRS = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
         "와(과)": ("과", "와"), "으로(로)": ("으로", "로"), "(으)로": ("으로", "로")}
# Final consonant of each digit's Korean reading: 영 일 이 삼 사 오 육 칠 팔 구 (0 = none, 8 = ㄹ).
DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 21, "7": 8, "8": 8, "9": 0}
RIEUL = 8
MEMO_LIMIT = 20_000  # translated messages kept per catalogue (a bound for callers passing odd strings)
_PATTERN = re.compile(r"([^\s(])([’”\"')\]]?)(" + "|".join(re.escape(p) for p in PAIRS) + ")")


def final_consonant(char: str) -> int | None:
    """The 받침 index of a Hangul syllable or digit (0: none); None when it cannot be told."""
    if "가" <= char <= "힣":
        return (ord(char) - ord("가")) % 28
    return DIGIT_FINAL.get(char)


def particle(word: str, pair: str) -> str:
    """The particle of `pair` (e.g. "을(를)") that follows `word`."""
    with_final, without = PAIRS[pair]
    final = final_consonant(word[-1]) if word else None
    if final is None:
        return pair
    if pair in ("으로(로)", "(으)로"):
        return without if final in (0, RIEUL) else with_final
    return with_final if final else without


def josa(text: str) -> str:
    """Replace every two-form particle in `text` by the one its preceding word takes."""
    if not text or "(" not in text:
        return text
    return _PATTERN.sub(lambda m: m.group(1) + m.group(2) + particle(m.group(1), m.group(3)), text)


def install(app, babel) -> None:
    """Apply `josa` to every translated message, in Python (the default domain) and in templates."""
    from flask.globals import _cv_app
    from flask_babel import Domain
    from markupsafe import Markup

    class JosaDomain(Domain):
        def get_translations(self):
            """Flask-Babel finds the locale and its catalogue anew on each call (hundreds per page);
            keep them on the request's babel namespace while its locale object stays the same
            (force_locale and refresh replace that object, so they are followed)."""
            app_ctx = _cv_app.get(None)
            ns = app_ctx.g.__dict__.get("_flask_babel") if app_ctx is not None else None
            cached = ns.__dict__.get("josa_translations") if ns is not None else None
            if cached is not None and cached[0] is ns.__dict__.get("babel_locale"):
                return cached[1]
            translations = super().get_translations()
            ns = app_ctx.g.__dict__.get("_flask_babel") if app_ctx is not None else None
            if ns is not None and ns.__dict__.get("babel_locale") is not None:
                ns.josa_translations = (ns.babel_locale, translations)
            return translations

        def gettext(self, string, **variables):
            translations = self.get_translations()
            if variables:
                return josa(translations.ugettext(string) % variables)
            # A message without placeholders translates the same way every time: keep the
            # result on the catalogue object (a reloaded catalogue is a new object).
            memo = translations.__dict__.setdefault("_josa_memo", {})
            done = memo.get(string)
            if done is None:
                done = josa(translations.ugettext(string))
                if len(memo) < MEMO_LIMIT:
                    memo[string] = done
            return done

        def ngettext(self, singular, plural, num, **variables):
            return josa(super().ngettext(singular, plural, num, **variables))

        def pgettext(self, context, string, **variables):
            return josa(super().pgettext(context, string, **variables))

    babel.domain_instance = JosaDomain(domain=app.extensions["babel"].default_domain)  # Flask-Babel caches its own

    def wrap(name):
        original = app.jinja_env.globals[name]
        # gettext and pgettext without keyword arguments return what the domain made of the
        # message, particles chosen already; with them, Jinja fills in the placeholders
        # after the domain and the particles are chosen here. ngettext always fills in num.
        chosen_without_kwargs = name in ("gettext", "pgettext")

        def translated(*args, **kwargs):
            rv = original(*args, **kwargs)
            if chosen_without_kwargs and not kwargs:
                return rv
            return Markup(josa(str(rv))) if isinstance(rv, Markup) else josa(rv)
        translated.jinja_pass_arg = getattr(original, "jinja_pass_arg", None)  # keeps pass_context
        return translated

    for name in ("gettext", "ngettext", "pgettext"):
        if name in app.jinja_env.globals:
            app.jinja_env.globals[name] = wrap(name)
    if "_" in app.jinja_env.globals:
        # Jinja's `_` looks `gettext` up in the context and calls it: point it there directly.
        app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"]
