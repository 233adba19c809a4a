"""The signed consent form's scan: PDF/JPEG/PNG by content, at most 5 MB, random name, outside static/."""
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

MAX_SCAN_BYTES = 5 * 1024 * 1024
# Magic bytes, not extensions: a renamed executable must not pass as a PDF.
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


class ScanRejected(ValueError):
    """The upload is not an accepted file; the message is for the user."""


def read_scan(storage) -> tuple[bytes, str, str]:
    """Read and check an upload: (data, mime type, extension) or ScanRejected."""
    data = storage.stream.read(MAX_SCAN_BYTES + 1)
    if len(data) > MAX_SCAN_BYTES:
        raise ScanRejected(_("The scan may be at most 5 MB."))
    if not data:
        raise ScanRejected(_("The file is empty."))
    for magic, mime, ext in SIGNATURES:
        if data.startswith(magic):
            return data, mime, ext
    raise ScanRejected(_("Only PDF, JPEG or PNG files can be uploaded."))


def scan_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "consents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_scan(data: bytes, ext: str) -> str:
    """Write the bytes under a random name; return the name relative to UPLOAD_FOLDER."""
    name = f"{secrets.token_hex(16)}.{ext}"
    path = scan_folder() / name
    with path.open("xb") as fh:
        fh.write(data)
    path.chmod(0o600)
    return f"consents/{name}"


def scan_file(relative: str) -> Path:
    """The absolute path of a stored scan; refuses anything outside the upload folder."""
    root = Path(current_app.config["UPLOAD_FOLDER"]).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative)
    return path
