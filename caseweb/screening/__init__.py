import re

from flask import Blueprint

bp = Blueprint("screening", __name__, url_prefix="/screening")

RRN_IN_TEXT = re.compile(r"(\d{6})-?([0-9])\d{6}")


@bp.app_template_filter("mask_digits")
def mask_digits(value) -> str:
    """A cell of an uploaded file with any resident number in it masked (the preview shows the file as read)."""
    return RRN_IN_TEXT.sub(r"\1-\2******", str(value or ""))


from . import views_entries, views_import, views_intake  # noqa: E402,F401
