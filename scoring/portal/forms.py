"""Forms of the portal (plain ``forms.Form``; views copy ``cleaned_data`` explicitly)."""

from __future__ import annotations

from django import forms


class UploadForm(forms.Form):
    """The unit's filled self-assessment workbook."""

    tep = forms.FileField(
        label="Bảng tính tự chấm (.xlsx)",
        error_messages={"required": "Chưa chọn tệp. Bấm \u201cChọn tệp\u201d và chọn bảng tính Excel (.xlsx) đã điền.",
                        "empty": "Tệp rỗng (0 byte). Gửi lại tệp Excel đã điền."},
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "aria-describedby": "tep-help"}),
    )
