"""The class of bug behind stored htmx injection, closed at the source.

markupsafe trusts anything with `__html__`: flask_babel's lazy strings and Markup
both have it. So a lazy string may only ever hold a fixed message (no variables),
no code builds Markup, and no template switches escaping off.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAZY = {"_l", "lazy_gettext", "lazy_ngettext", "lazy_pgettext"}


def _python_files():
    return [p for p in (ROOT / "caseweb").rglob("*.py") if "translations" not in p.parts]


def _name(func):
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def test_lazy_strings_hold_only_fixed_text():
    bad = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in LAZY:
                fixed = all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
                if node.keywords or not fixed:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, f"lazy strings built from values (use gettext at request time): {bad}"


def test_no_lazy_string_has_a_placeholder():
    """A lazy message with %(name)s is one `%` away from holding user text with __html__."""
    bad = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in LAZY and any(
                    isinstance(a, ast.Constant) and "%(" in str(a.value) for a in node.args):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, f"lazy strings with placeholders (mark with N_ and translate when shown): {bad}"


# particles.py re-wraps a translation Jinja has already escaped after swapping "을(를)" for
# one particle; josa adds no character that HTML treats specially (tests/test_particles.py).
MARKUP_ALLOWED = {"caseweb/particles.py"}


def test_no_code_builds_markup():
    bad = []
    for path in _python_files():
        if str(path.relative_to(ROOT)) in MARKUP_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "Markup":
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "__html__":
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, f"Markup built in code: {bad}"


def test_no_template_turns_escaping_off():
    pattern = re.compile(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b")
    bad = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "templates").rglob("*.html")
           for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if pattern.search(line)]
    assert not bad, f"escaping switched off: {bad}"
