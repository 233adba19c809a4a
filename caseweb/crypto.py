"""주민등록번호 (RRN): validation, AES-GCM encryption, blind index, masking.

The plaintext RRN lives only in memory during a request. The database keeps the
ciphertext (to reveal it on an audited request), a keyed blind index (to find
the same person again) and a mask (to show). Nothing here logs its input.
"""
import functools
import hashlib
import hmac
import os
import re
from datetime import date

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

RRN_RE = re.compile(r"^(\d{6})-?(\d{7})$")
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900,
           "3": 2000, "4": 2000, "7": 2000, "8": 2000,
           "9": 1800, "0": 1800}
ASSOCIATED_DATA = b"rrn:v1"
NONCE_BYTES = 12
BLIND_INDEX_INFO = b"caseweb rrn blind index v1"


class RRNError(ValueError):
    """An RRN that is not well formed; `code` says why (format, date, check_digit)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_digit_required() -> bool:
    """CASEWEB_RRN_CHECK_DIGIT (default on).

    Numbers issued since October 2020 no longer encode the region and their
    trailing digits are random, so their last digit does not follow the weighted
    mod-11 rule. A district that registers such people turns the rule off.
    """
    value = current_app.config.get("RRN_CHECK_DIGIT")
    if value is None:
        value = os.environ.get("CASEWEB_RRN_CHECK_DIGIT", "1")
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def compute_check_digit(first12: str) -> int:
    total = sum(int(d) * w for d, w in zip(first12, WEIGHTS))
    return (11 - total % 11) % 10


def birth_date_of(digits: str) -> date:
    """The birth date encoded in a normalised RRN; RRNError('date') if impossible."""
    century = CENTURY[digits[6]]
    try:
        return date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise RRNError("date") from None


def gender_of(digits: str) -> str:
    """'M' for odd gender digits, 'F' for even ones (0 counts as even)."""
    return "M" if int(digits[6]) % 2 else "F"


def normalise_rrn(value: str, *, check_digit: bool | None = None) -> str:
    """The 13 digits of a valid RRN, or RRNError with a reason code."""
    match = RRN_RE.match((value or "").strip().replace(" ", ""))
    if not match:
        raise RRNError("format")
    digits = match.group(1) + match.group(2)
    birth_date_of(digits)
    if check_digit is None:
        check_digit = check_digit_required()
    if check_digit and compute_check_digit(digits[:12]) != int(digits[12]):
        raise RRNError("check_digit")
    return digits


def _master_key() -> bytes:
    key = bytes.fromhex(current_app.config["RRN_KEY"])
    if len(key) != 32:
        raise RuntimeError("RRN_KEY must be 32 bytes (64 hex characters)")
    return key


def _blind_index_key() -> bytes:
    return _derive_blind_index_key(_master_key())


@functools.lru_cache(maxsize=4)
def _derive_blind_index_key(master: bytes) -> bytes:
    # A separate key, so the index cannot be turned into the cipher key or back. Cached per
    # master key: a 10,000-row list needs the index 10,000 times, and deriving is the slow part.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=BLIND_INDEX_INFO).derive(master)


def encrypt_rrn(digits: str) -> bytes:
    """Nonce (12 bytes) + AES-256-GCM ciphertext of the normalised digits."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_master_key()).encrypt(nonce, digits.encode("ascii"), ASSOCIATED_DATA)


def decrypt_rrn(blob: bytes) -> str:
    nonce, ciphertext = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    return AESGCM(_master_key()).decrypt(nonce, ciphertext, ASSOCIATED_DATA).decode("ascii")


def blind_index(digits: str) -> str:
    """HMAC-SHA256 (hex) of the normalised digits: equal RRNs, equal index."""
    return hmac.new(_blind_index_key(), digits.encode("ascii"), hashlib.sha256).hexdigest()


def format_rrn(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def mask_rrn(digits: str) -> str:
    """'900101-1******': birth date and gender digit only."""
    return f"{digits[:6]}-{digits[6]}******"


def protect_rrn(digits: str) -> dict:
    """The stored columns for an RRN: ciphertext, blind index, mask."""
    return {"rrn_encrypted": encrypt_rrn(digits), "rrn_blind_index": blind_index(digits),
            "rrn_masked": mask_rrn(digits)}


def _sealing_key(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"caseweb seal v1 " + purpose).derive(_master_key())


def seal(data: bytes, purpose: bytes) -> bytes:
    """AES-256-GCM for short-lived blobs that hold RRNs (an upload being checked); own key per purpose."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_sealing_key(purpose)).encrypt(nonce, data, purpose)


def unseal(blob: bytes, purpose: bytes) -> bytes:
    return AESGCM(_sealing_key(purpose)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], purpose)
