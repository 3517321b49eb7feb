"""``/suc-khoe/``: one answer for monitoring (no sign-in): the portal runs and its database answers."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """200 ``{"trang_thai": "ok", ...}``; 503 when the database does not answer (nothing else said:
    the reason goes to the server log, not to whoever asks)."""
    import logging

    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure is "not healthy"
        logging.getLogger("scoring.portal").exception("Kiểm tra sức khỏe: cơ sở dữ liệu không trả lời")
        return JsonResponse({"trang_thai": "loi", "co_so_du_lieu": "khong-tra-loi"}, status=503)
    return JsonResponse({"trang_thai": "ok", "co_so_du_lieu": "ok"})
