"""Vietnamese error pages: 400, 403, 404, 500 (with the incident id) and a refused CSRF check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _page(request: HttpRequest, status: int, title: str, text: str, **extra: object) -> HttpResponse:
    return render(request, "portal/error.html", {"status": status, "title": title, "text": text, **extra},
                  status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "Yêu cầu không hợp lệ",
                 "Trình duyệt đã gửi một yêu cầu mà cổng không xử lý được. Hãy quay lại trang trước và thử lại.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    said = getattr(exception, "text", None)  # a refusal that says why (scoring.portal.access.ReadOnlyRound)
    if said:
        return _page(request, 403, getattr(exception, "title", "Không có quyền"), said)
    return _page(request, 403, "Không có quyền truy cập",
                 "Tài khoản của bạn không có quyền xem trang này. Nếu cần, hãy liên hệ văn phòng.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, "Không tìm thấy trang",
                 "Trang bạn tìm không có hoặc bạn không có quyền xem. Kiểm tra lại địa chỉ hoặc về trang chủ.")


def server_error(request: HttpRequest) -> HttpResponse:
    incident = getattr(request, "dvk_incident", None)
    return _page(request, 500, "Cổng gặp sự cố",
                 "Đã có lỗi ngoài ý muốn; dữ liệu của bạn không bị thay đổi. Hãy thử lại sau ít phút; "
                 "nếu vẫn lỗi, báo cho văn phòng mã sự cố dưới đây.", incident=incident)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, "Phiên làm việc đã hết hạn",
                 "Biểu mẫu này đã cũ hoặc không được gửi từ cổng. Hãy tải lại trang rồi gửi lại.")
