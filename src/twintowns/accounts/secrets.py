"""Password hashes (argon2id) and the random secrets of tokens, sessions and CSRF.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile);
tokens are 256-bit random secrets, so a plain SHA-256 of them is what is stored: it cannot be
inverted and needs no salt, and lookups stay one indexed equality.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2id by default

MIN_PASSWORD = 10
"""Shortest password accepted."""
MAX_PASSWORD = 200
"""Longest password accepted (argon2 takes any length; the bound keeps requests small)."""


@functools.cache
def _dummy() -> str:
    """The hash checked for an unknown user (made on first use: hashing costs a fifth of a
    second, which every process importing the accounts, a server's start among them, paid)."""
    return _HASHER.hash("twintowns: an unknown user's password takes as long to check")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (PHC string with its salt and parameters)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``; with ``stored`` None (an unknown user) a
    dummy hash is checked, so the answer takes as long as for a known user."""
    dummy = _dummy()  # made by the first check, known user or not: both take as long
    try:
        return _HASHER.verify(stored or dummy, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    """A fresh URL-safe random secret (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a token secret: its SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare two digests in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())
