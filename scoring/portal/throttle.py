"""Login throttling: too many failed sign-ins for one account name or one address lock it out a while.

Counted in Django's cache (per process for the default local-memory cache; a shared deployment
with several server processes configures a shared cache).  Only failures count; a success
clears the account's counter.
"""

from __future__ import annotations

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 30


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"dvk-login-user:{username.strip().casefold()}", f"dvk-login-addr:{address}"


def is_locked(username: str, address: str) -> bool:
    """True when this account name or this address has failed too often in the window."""
    user_key, addr_key = _keys(username, address)
    return (cache.get(user_key, 0) >= MAX_PER_ACCOUNT) or (cache.get(addr_key, 0) >= MAX_PER_ADDRESS)


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def clear(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])
