"""Household rules: registration, name normalisation, duplicate check."""
import re
import unicodedata


def normalise_name(name: str) -> str:
    """Hangul names compared without spaces or punctuation, in NFC."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", name or "")).lower()
