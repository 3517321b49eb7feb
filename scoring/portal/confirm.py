"""The office's irreversible steps, said before they happen: chốt kết quả and công bố kết quả.

The first press of the button shows what will follow (who will see what, what can no longer
change); only the second, which carries ``xac_nhan=co``, does it.
"""

from __future__ import annotations

from typing import Any

CONFIRMED = "co"


def confirmed(request) -> bool:
    """Whether the office has seen and accepted what follows (the confirmation page's button)."""
    return request.POST.get("xac_nhan") == CONFIRMED


def finalise_page(round_: Any, action: str) -> dict[str, Any]:
    """The confirmation of "Đã chốt kết quả"."""
    return {"round": round_, "action": action, "title": "Chốt kết quả đợt đánh giá",
            "fields": (("trang_thai", "final"),), "confirm_label": "Chốt kết quả",
            "consequences": (
                "Điểm thẩm định của hội đồng được giữ nguyên: không ai sửa được nữa.",
                "Đơn vị không gửi giải trình, không nộp hay thay bảng tính được nữa.",
                "Đợt không mở lại được để nhận hồ sơ hay thẩm định tiếp.",
                "Đơn vị vẫn xem được kết quả thẩm định của mình; bước tiếp theo là công bố kết quả.",
            ) if round_.has_appraisal else (  # no council: the units' own scores are the results
                "Điểm tự chấm của đơn vị là kết quả của đợt (đợt không có bước thẩm định): không ai sửa được nữa.",
                "Đơn vị không nộp hay thay bảng tính được nữa.",
                "Đợt không mở lại được để nhận hồ sơ.",
                "Đơn vị vẫn xem được kết quả của mình; bước tiếp theo là công bố kết quả.",
            )}


def correction_page(round_: Any, action: str, reason: str, previous: int) -> dict[str, Any]:
    """The confirmation of "Đính chính kết quả đã công bố" (against publication ``previous``)."""
    from scoring.workspace.stages import CORRECTION_STEPS

    return {"round": round_, "action": action, "title": "Đính chính kết quả đã công bố",
            "fields": (("ly_do", reason),), "confirm_label": "Mở đính chính",
            "consequences": (
                f"Đợt mở lại để đính chính kết quả công bố lần {previous}, với lý do: {reason}",
                "Trong khi đính chính chỉ được: " + "; ".join(CORRECTION_STEPS) + ". Mọi việc khác vẫn bị từ chối.",
                (f"Lần công bố {previous} vẫn giữ nguyên; công bố lại sẽ tạo lần mới, ghi là bản đính chính, "
                 "nêu lý do và những đơn vị thay đổi điểm, xếp loại, hạng so với lần trước."),
                "Việc mở đính chính và lý do được ghi vào nhật ký của đợt.",
            )}


def publish_page(round_: Any, action: str, number: int, state_label: str) -> dict[str, Any]:
    """The confirmation of "Công bố kết quả" (the round's ``number``-th publication)."""
    lines = [
        (f"Ghi bảng xếp hạng và báo cáo thành lần công bố thứ {number}; lần công bố này không xóa được "
         "(công bố lại sẽ tạo lần mới, các lần cũ vẫn giữ)."),
        "Lãnh đạo và văn phòng tải được các văn bản công bố; xếp hạng và xếp loại được tính từ điểm hiện tại.",
        "Đợt chuyển sang «Đã công bố»: không nhận hồ sơ, thẩm định hay giải trình nào nữa.",
    ]
    if state_label == "Đang đính chính":
        lines.append("Lần công bố này là bản đính chính: ghi lý do đính chính và những đơn vị thay đổi điểm, "
                     "xếp loại, hạng so với lần công bố trước.")
    elif state_label != "Đã chốt kết quả" and state_label != "Đã công bố" and not round_.has_appraisal:
        lines.append(f"Đợt đang ở bước «{state_label}», chưa chốt kết quả.")
    elif state_label != "Đã chốt kết quả" and state_label != "Đã công bố":
        lines.append(f"Đợt đang ở bước «{state_label}», chưa chốt kết quả: các bước thẩm định, giải trình "
                     "còn lại sẽ không làm được sau khi công bố.")
    return {"round": round_, "action": action, "title": "Công bố kết quả", "fields": (),
            "confirm_label": f"Công bố kết quả (lần {number})", "consequences": lines}
