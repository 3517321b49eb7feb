"""Memoising a derived value per object identity, for frozen inputs such as a loaded ruleset."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def per_object(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """Decorate ``build(obj)`` so it runs once per object; the object is kept with its value.

    Keyed by identity (rulesets and their indexes are frozen, so the value never goes stale), and
    the entry holds the object itself so a reused ``id()`` can never return another object's value.
    """
    cache: dict[int, tuple[Any, T]] = {}

    @functools.wraps(build)
    def get(obj: Any) -> T:
        hit = cache.get(id(obj))
        if hit is None or hit[0] is not obj:
            hit = (obj, build(obj))
            cache[id(obj)] = hit
        return hit[1]

    return get
