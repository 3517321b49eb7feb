"""Sign-in throttle: failures slow an account and an address down; nothing locks a correct password out.

Failures are counted in the workspace's database (:class:`~scoring.workspace.models.SignInFailures`),
so every ``dvk serve`` process on one database applies one policy.  Three counts, each reset
:data:`WINDOW` after its last failure:

- the pair (account, address): after 5 failures, each further try waits 1, 2, 4 … seconds after
  the last failure, up to 15 minutes: guessing one account from one place is slowed to nothing;
- the account from anywhere: after 20 failures, waits up to 1 minute (guessing spread over many
  addresses), so another address's failures never keep the owner out for more than a minute;
- the address for every account: after 30 failures, waits up to 1 minute (one script trying many
  accounts), so a shared address slows its own people down but locks no one out.

A try that comes before its wait is over is refused without checking the password (it says how
long to wait); a correct password after the wait signs in and clears the pair's count.  The
address is the real client's (:func:`scoring.portal.proxy.client_address`): behind a reverse proxy
listed in ``DVK_TRUSTED_PROXIES`` it is read from ``X-Forwarded-For``, never from anyone else's.
Every failure is written to the audit trail (who, from where); the office clears an account
(:func:`unlock`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Rule:
    """After ``free`` failures under a key, each try waits 2^(n - free) seconds, at most ``cap``."""

    prefix: str
    free: int
    cap: int


PAIR = Rule("tk-dc", 5, 15 * 60)
ACCOUNT = Rule("tk", 20, 60)
ADDRESS = Rule("dc", 30, 60)


def _keys(username: str, address: str) -> list[tuple[Rule, str]]:
    account = username.strip().casefold()[:150]
    return [(PAIR, f"{PAIR.prefix}:{account}|{address}"), (ACCOUNT, f"{ACCOUNT.prefix}:{account}"),
            (ADDRESS, f"{ADDRESS.prefix}:{address}")]


def wait_seconds(username: str, address: str) -> int:
    """How many seconds this account name from this address must still wait (0: it may try)."""
    from scoring.workspace.models import SignInFailures
    from scoring.workspace.store import now

    keys = dict((key, rule) for rule, key in _keys(username, address))
    moment = now()
    wait = 0.0
    for row in SignInFailures.objects.filter(key__in=list(keys), last_failure__gt=moment - WINDOW):
        rule = keys[row.key]
        if row.failures >= rule.free:
            delay = min(2 ** min(row.failures - rule.free, 30), rule.cap)
            wait = max(wait, delay - (moment - row.last_failure).total_seconds())
    return int(wait + 0.999) if wait > 0 else 0


def record_failure(username: str, address: str, via: str = "") -> None:
    """Count a failed sign-in under its three keys and write it to the audit trail."""
    from django.db import IntegrityError, transaction
    from django.db.models import F

    from scoring.workspace.models import SignInFailures
    from scoring.workspace.store import now

    moment = now()
    for _rule, key in _keys(username, address):
        for _attempt in range(2):  # two processes may create the same key at once: the loser counts again
            try:
                with transaction.atomic():
                    SignInFailures.objects.filter(key=key, last_failure__lte=moment - WINDOW).delete()
                    if not SignInFailures.objects.filter(key=key).update(failures=F("failures") + 1,
                                                                         last_failure=moment):
                        SignInFailures.objects.create(key=key, failures=1, last_failure=moment)
                break
            except IntegrityError:
                continue
    log_failure(username, address, via, at=moment)


def log_failure(username: str, address: str, via: str = "", wait: int = 0, at=None) -> None:
    """Write a failed sign-in to the audit trail: the name typed, the client's address, the proxy's
    when it came through one, and the wait when it was refused before its password was checked."""
    from scoring.workspace.store import audit

    where = {"address": address, **({"proxy": via} if via and via != address else {}),
             **({"wait_seconds": wait} if wait else {})}
    audit(None, username.strip()[:200] or "(trống)", "login-failed", address, after=where, at=at)


def clear(username: str, address: str) -> None:
    """A correct password: the pair's count starts again (the account's and address's decay)."""
    from scoring.workspace.models import SignInFailures

    SignInFailures.objects.filter(key=_keys(username, address)[0][1]).delete()


def slowed_accounts() -> list[tuple[str, int]]:
    """Account names with failures in the window (slowed or not yet), most failures first: (name, failures)."""
    from scoring.workspace.models import SignInFailures
    from scoring.workspace.store import now

    rows = (SignInFailures.objects.filter(key__startswith=f"{ACCOUNT.prefix}:", last_failure__gt=now() - WINDOW)
            .order_by("-failures", "key").values_list("key", "failures"))
    return [(key.split(":", 1)[1], failures) for key, failures in rows]


def unlock(username: str, who: str) -> int:
    """The office clears an account's counts (from every address); how many were cleared."""
    from django.db import transaction

    from scoring.workspace.models import SignInFailures
    from scoring.workspace.store import audit

    account = username.strip().casefold()[:150]
    with transaction.atomic():
        cleared, _ = (SignInFailures.objects.filter(key=f"{ACCOUNT.prefix}:{account}")
                      | SignInFailures.objects.filter(key__startswith=f"{PAIR.prefix}:{account}|")).delete()
        audit(None, who, "login-unlocked", account)
    return cleared
