"""The real client behind the reverse proxies declared in ``DVK_TRUSTED_PROXIES``.

waitress strips ``X-Forwarded-*`` headers unless one fixed proxy address is configured in it;
``dvk serve`` turns that off and leaves the decision here, where a proxy may be a network
(``10.0.0.0/8``): :class:`TrustedProxyMiddleware` drops those headers from every other sender
before anything reads them, and :func:`client_address` reads ``X-Forwarded-For`` right to left,
skipping trusted proxies (the left part is whatever the client itself wrote).
"""

from __future__ import annotations

import ipaddress

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
             "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_BY", "HTTP_FORWARDED")


def _trusted() -> list:
    from django.conf import settings

    return [ipaddress.ip_network(n) for n in getattr(settings, "DVK_TRUSTED_PROXIES", ())]


def _within(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """``REMOTE_ADDR``, or behind trusted proxies the right-most ``X-Forwarded-For`` address that
    is not itself a trusted proxy."""
    trusted = _trusted()
    address = request.META.get("REMOTE_ADDR", "") or "-"
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    while forwarded and _within(address, trusted):
        address = forwarded.pop()
    return address[:100]


class TrustedProxyMiddleware:
    """Forwarding headers count only from a trusted proxy: from anyone else they are removed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _within(request.META.get("REMOTE_ADDR", ""), _trusted()):
            for name in FORWARDED:
                request.META.pop(name, None)
        return self.get_response(request)
