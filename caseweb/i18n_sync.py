"""Keep the translation catalogues complete: `python -m caseweb.i18n_sync [--check] [--apply ko.tsv]`.

Extracts every message from the code and templates of each part (a feature
package and its template folder), adds new ones to that part's ko and en
catalogues while keeping existing translations, and drops unused ones. English
msgids are their own English translation. `--check` exits 1 when a Korean
translation is missing, so the test suite keeps the catalogues complete.
"""
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "caseweb"
TRANSLATIONS = PKG / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "lazy_ngettext": (1, 2)}
JINJA_OPTS = {"extensions": "jinja2.ext.do"}


def parts() -> dict[str, list[Path]]:
    """Part name -> source files. A feature is a caseweb/<name>/ package."""
    features = sorted(p.name for p in PKG.iterdir()
                      if p.is_dir() and (p / "__init__.py").exists() and p.name not in ("models", "data"))
    result = {"core": []}
    for name in features:
        result[name] = sorted((PKG / name).rglob("*.py")) + sorted((ROOT / "templates" / name).rglob("*.html"))
    result["core"] = (sorted(PKG.glob("*.py")) + sorted((PKG / "models").glob("*.py"))
                      + sorted(p for p in (ROOT / "templates").rglob("*.html")
                               if p.relative_to(ROOT / "templates").parts[0] not in features))
    return result


def extract(files: list[Path]) -> Catalog:
    catalog = Catalog(project="caseweb")
    for path in files:
        method = "jinja2" if path.suffix == ".html" else "python"
        opts = JINJA_OPTS if method == "jinja2" else {}
        for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS, options=opts):
            catalog.add(message, None, [(str(path.relative_to(ROOT)), lineno)],
                        auto_comments=comments, context=context)
    return catalog


def _load(path: Path, locale: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=locale)
    return Catalog(locale=locale, project="caseweb")


def sync(check: bool = False) -> list[str]:
    """Update all catalogues; return 'part: msgid' for each missing Korean translation."""
    missing = []
    for part, files in parts().items():
        template = extract(files)
        for locale in ("ko", "en"):
            path = TRANSLATIONS / part / locale / "LC_MESSAGES" / "messages.po"
            old = _load(path, locale)
            # Keep the header date: a sync that changes no message should change no file.
            new = Catalog(locale=locale, project="caseweb", fuzzy=False, creation_date=old.creation_date)
            for msg in template:
                if not msg.id:
                    continue
                prev = old.get(msg.id, msg.context)
                string = prev.string if prev is not None else ("" if isinstance(msg.id, str) else ("", ""))
                if locale == "en":
                    string = msg.id
                new.add(msg.id, string, msg.locations, context=msg.context)
                if locale == "ko":
                    values = string if isinstance(string, tuple) else (string,)
                    if not all(values):
                        missing.append(f"{part}: {msg.id!r}")
            if not len(new) and not path.exists():
                continue
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as fh:
                    write_po(fh, new, width=0, omit_header=False, sort_output=True, include_lineno=False)
    return missing


def apply_tsv(tsv: Path) -> int:
    """Set Korean translations from lines `English msgid<TAB>Korean` in every part."""
    pairs = {}
    for line in tsv.read_text("utf-8").splitlines():
        if "\t" in line:
            en, ko = line.split("\t", 1)
            pairs[en] = ko
    changed = 0
    for path in TRANSLATIONS.glob("*/ko/LC_MESSAGES/messages.po"):
        catalog = _load(path, "ko")
        for msg in catalog:
            key = msg.id if isinstance(msg.id, str) else msg.id[0]
            if key in pairs and not (msg.string if isinstance(msg.string, str) else all(msg.string)):
                msg.string = pairs[key] if isinstance(msg.id, str) else (pairs[key], pairs[key])
                changed += 1
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, sort_output=True, include_lineno=False)
    return changed


def conflicts() -> dict[str, set[str]]:
    """English msgids translated differently in two parts: Flask-Babel merges the parts, so one would win."""
    seen: dict[str, set[str]] = {}
    for path in TRANSLATIONS.glob("*/ko/LC_MESSAGES/messages.po"):
        for msg in _load(path, "ko"):
            if msg.id and isinstance(msg.id, str) and msg.string:
                seen.setdefault(msg.id, set()).add(msg.string)
    return {msgid: strings for msgid, strings in seen.items() if len(strings) > 1}


def main(argv: list[str]) -> int:
    if "--apply" in argv:
        print(f"{apply_tsv(Path(argv[argv.index('--apply') + 1]))} translations set")
    check = "--check" in argv
    missing = sync(check=check)
    for line in missing:
        print("missing ko:", line)
    print(f"{len(missing)} Korean translations missing")
    clashes = conflicts()
    for msgid, strings in sorted(clashes.items()):
        print(f"conflicting ko for {msgid!r}: {sorted(strings)}")
    return 1 if (check and (missing or clashes)) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
