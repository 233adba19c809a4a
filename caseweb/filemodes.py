"""Files that hold personal data or keys are readable by the app's own account only.

The SQLite database (SQLite gives its -wal/-shm files the database file's mode),
backups and generated key files are created 0600 and their folders 0700, whatever
the process umask says.
"""
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; a folder we create is 0700."""
    path = Path(path)
    if not path.exists():
        path.mkdir(parents=True, mode=PRIVATE_DIR, exist_ok=True)
        path.chmod(PRIVATE_DIR)  # mkdir's mode is filtered through the umask
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if missing, else tighten it to 0600."""
    path = Path(path)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    path.chmod(PRIVATE_FILE)
    return path


def write_private(path: Path, text: str) -> bool:
    """Write a new file 0600 from the first byte; False if it already exists (another process won)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    return True


def secure_sqlite(url: str) -> None:
    """Make a file-backed SQLite database (and its WAL and shared-memory files) 0600."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:"):
        return
    database = Path(parsed.database)
    private_dir(database.parent)
    private_file(database)
    for suffix in ("-wal", "-shm", "-journal"):
        sibling = database.with_name(database.name + suffix)
        if sibling.exists():
            sibling.chmod(PRIVATE_FILE)
