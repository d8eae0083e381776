"""Logins for `serve`: `ARTICLE_QA_AUTH` names a file of `user:hash` lines (`user:hash:admin` for
users who may add articles), made by `article-qa passwd USER [--admin]`. Gradio then asks for a
login on the page and on its API.

Hashes are scrypt (the standard library's, RFC 7914) with a random salt, compared in constant time;
the file never holds a password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # ~16 MB and ~50 ms per check: slow to guess, fast enough to log in
USER_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class AuthError(ValueError):
    """The users file cannot be used; the message names the file and line."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return "$".join([SCHEME, str(N), str(R), str(P), _b64(salt), _b64(digest)])


def check_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != SCHEME:
            return False
        got = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


@dataclass
class Users:
    hashes: dict[str, str] = field(default_factory=dict)
    admins: set[str] = field(default_factory=set)

    def check(self, user: str, password: str) -> bool:
        """Gradio's `auth` callable: a known user with the right password."""
        encoded = self.hashes.get(user)
        return encoded is not None and check_password(password, encoded)

    def is_admin(self, user: str | None) -> bool:
        return user is not None and user in self.admins


def load_users(path: Path) -> Users:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise AuthError(
            f"ARTICLE_QA_AUTH={str(path)!r}: cannot read it ({getattr(e, 'strerror', None) or e})"
        ) from None
    users = Users()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.strip().split(":")
        where = f"{path}, line {number}"
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != "admin"):
            raise AuthError(f"{where}: expected user:hash or user:hash:admin")
        user, encoded = parts[0], parts[1]
        if not USER_NAME.match(user):
            raise AuthError(f"{where}: user names are letters, digits and . _ @ - (at most 64)")
        if not re.fullmatch(rf"{SCHEME}\$\d+\$\d+\$\d+\$[\w=-]+\$[\w=-]+", encoded):
            raise AuthError(f"{where}: not a password hash made by `article-qa passwd`")
        if user in users.hashes:
            raise AuthError(f"{where}: user {user!r} appears twice")
        users.hashes[user] = encoded
        if len(parts) == 3:
            users.admins.add(user)
    if not users.hashes:
        raise AuthError(f"{path}: no users (lines of user:hash, from `article-qa passwd USER`)")
    return users


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
