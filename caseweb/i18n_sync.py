"""Keep the Korean catalogue complete: `python -m caseweb.i18n_sync [--check] [--apply ko.tsv]`.

Extracts every message from the code (caseweb/) and the templates into one Korean
catalogue, caseweb/translations/ko/LC_MESSAGES/messages.po, keeping existing
translations and dropping unused ones. English is the source language, so it needs
no catalogue. Where one English word needs two Korean words, the code says which with
a context: `pgettext("referral", "Sent")`, `{% trans context="..." %}`. `--check`
changes nothing and exits 1 when a Korean translation is missing, so the test suite
keeps the catalogue complete.
"""
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "caseweb"
CATALOGUE = PKG / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "lazy_ngettext": (1, 2),
            "lazy_pgettext": ((1, "c"), 2)}
JINJA_OPTS = {"extensions": "jinja2.ext.do"}


def sources() -> list[Path]:
    return sorted(PKG.rglob("*.py")) + sorted((ROOT / "templates").rglob("*.html"))


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


def _load(path: Path = CATALOGUE) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale="ko")
    return Catalog(locale="ko", project="caseweb")


def _write(catalog: Catalog, path: Path = CATALOGUE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def sync(check: bool = False) -> list[str]:
    """Update the catalogue (unless `check`); return each msgid that has no Korean translation."""
    old = _load()
    # Keep the header date: a sync that changes no message should change no file.
    new = Catalog(locale="ko", project="caseweb", fuzzy=False, creation_date=old.creation_date)
    missing = []
    for msg in extract(sources()):
        if not msg.id:
            continue
        prev = old.get(msg.id, msg.context)
        string = prev.string if prev is not None else ("" if isinstance(msg.id, str) else ("", ""))
        new.add(msg.id, string, msg.locations, context=msg.context)
        if not _translated(string):
            missing.append(f"{msg.context + ': ' if msg.context else ''}{msg.id!r}")
    if not check:
        _write(new)
    return missing


def apply_tsv(tsv: Path) -> int:
    """Set missing Korean translations from lines `English msgid<TAB>Korean`."""
    pairs = dict(line.split("\t", 1) for line in tsv.read_text("utf-8").splitlines() if "\t" in line)
    catalog = _load()
    changed = 0
    for msg in catalog:
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        if msg.id and key in pairs and not _translated(msg.string):
            msg.string = pairs[key] if isinstance(msg.id, str) else (pairs[key], pairs[key])
            changed += 1
    _write(catalog)
    return changed


def main(argv: list[str]) -> int:
    if "--apply" in argv:
        print(f"{apply_tsv(Path(argv[argv.index('--apply') + 1]))} translations set")
    check = "--check" in argv
    missing = sync(check=check)
    for line in missing:
        print("missing ko:", line)
    print(f"{len(missing)} Korean translations missing")
    return 1 if (check and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
