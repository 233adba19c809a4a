"""One-time passwords that an admin reads out or hands over once."""
import secrets

from ..security import password_problems

# No 0/O, 1/l/I: the password is often read aloud over the phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LEN = 4, 4


def generate_password(username: str | None = None) -> str:
    """A random password like 'aB3d-Kp9x-...' (16 random characters, ~92 bits)."""
    while True:
        groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_LEN)) for _ in range(GROUPS)]
        password = "-".join(groups)
        if not password_problems(password, username):
            return password
