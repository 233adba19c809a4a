"""Shared test helpers for households."""
from caseweb.crypto import compute_check_digit


def valid_rrn(first12: str, hyphen: bool = True) -> str:
    """A number whose check digit verifies, from its first 12 digits."""
    digits = first12 + str(compute_check_digit(first12))
    return f"{digits[:6]}-{digits[6:]}" if hyphen else digits


def form_data(**overrides) -> dict:
    data = {"head_name": "김영희", "rrn": "", "birth_date": "1985-03-02", "gender": "F",
            "address": "서울시 중구 세종대로 1", "dong": "", "phone": "010-1234-5678",
            "household_type": "single_parent", "income_status": "near_poverty", "notes": "",
            "members-0-name": "", "members-0-relation": "", "members-0-birth_date": "",
            "members-0-notes": ""}
    data.update(overrides)
    return data
