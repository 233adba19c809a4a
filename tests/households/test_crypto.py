"""RRN validation, encryption, blind index and mask."""
from datetime import date

import pytest

from caseweb import crypto
from caseweb.crypto import RRNError, normalise_rrn

from .helpers import valid_rrn


def test_check_digit_of_the_example_number():
    assert valid_rrn("900101123456") == "900101-1234568"


@pytest.mark.parametrize("value", ["900101-1234568", "9001011234568", " 900101-1234568 "])
def test_valid_numbers_with_or_without_hyphen(app, value):
    assert normalise_rrn(value) == "9001011234568"


@pytest.mark.parametrize("value,code", [
    ("900101-1234567", "check_digit"),
    ("901301-1234567", "date"),
    ("900230-2234567", "date"),
    ("90010-11234568", "format"),
    ("900101-123456", "format"),
    ("9001011234568x", "format"),
    ("", "format"),
])
def test_invalid_numbers_say_why(app, value, code):
    with pytest.raises(RRNError) as exc:
        normalise_rrn(value)
    assert exc.value.code == code


def test_check_digit_rule_can_be_turned_off_for_post_2020_numbers(app):
    good = valid_rrn("201015323456")
    random_tail = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(RRNError):
        normalise_rrn(random_tail)
    app.config["RRN_CHECK_DIGIT"] = False
    try:
        assert normalise_rrn(random_tail) == random_tail.replace("-", "")
    finally:
        app.config.pop("RRN_CHECK_DIGIT")


@pytest.mark.parametrize("first12,born,gender", [
    ("900101123456", date(1990, 1, 1), "M"),
    ("051231423456", date(2005, 12, 31), "F"),
    ("850615623456", date(1985, 6, 15), "F"),
    ("990101923456", date(1899, 1, 1), "M"),
])
def test_birth_date_and_gender_come_from_the_number(app, first12, born, gender):
    digits = normalise_rrn(valid_rrn(first12))
    assert crypto.birth_date_of(digits) == born
    assert crypto.gender_of(digits) == gender


def test_encryption_round_trip_uses_a_fresh_nonce(app):
    a, b = crypto.encrypt_rrn("9001011234568"), crypto.encrypt_rrn("9001011234568")
    assert a != b and b"9001011234568" not in a
    assert crypto.decrypt_rrn(a) == crypto.decrypt_rrn(b) == "9001011234568"


def test_ciphertext_does_not_decrypt_with_another_key(app):
    blob = crypto.encrypt_rrn("9001011234568")
    app.config["RRN_KEY"], old = "22" * 32, app.config["RRN_KEY"]
    try:
        with pytest.raises(Exception):
            crypto.decrypt_rrn(blob)
    finally:
        app.config["RRN_KEY"] = old


def test_blind_index_is_stable_and_depends_on_the_key(app):
    first = crypto.blind_index("9001011234568")
    assert first == crypto.blind_index("9001011234568")
    assert first != crypto.blind_index("9001012234567")
    app.config["RRN_KEY"], old = "22" * 32, app.config["RRN_KEY"]
    try:
        assert crypto.blind_index("9001011234568") != first
    finally:
        app.config["RRN_KEY"] = old


def test_blind_index_key_differs_from_the_encryption_key(app):
    import hashlib
    import hmac
    plain_hmac = hmac.new(bytes.fromhex(app.config["RRN_KEY"]), b"9001011234568", hashlib.sha256).hexdigest()
    assert crypto.blind_index("9001011234568") != plain_hmac


def test_mask_shows_birth_date_and_gender_digit_only():
    assert crypto.mask_rrn("9001011234568") == "900101-1******"
