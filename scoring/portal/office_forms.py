"""The office's forms: a new round, a roster file, a ruleset file (plain ``forms.Form``).

A deadline is checked with the round's own parser (:func:`scoring.workspace.rounds.parse_deadline`),
so the page says what ``dvk round new`` would say, at the field.
"""

from __future__ import annotations

from django import forms

from scoring.core.findings import DvkError

PERIODS = [("nam", "Cả năm"), ("6-thang", "6 tháng"), ("dot-xuat", "Đột xuất")]
#: form field -> the kind of deadline the round stores
DEADLINES = {"han_nop": "submission", "han_tham_dinh": "appraisal", "han_giai_trinh": "explanation"}


def _file(label: str, accept: str, help_id: str) -> forms.FileField:
    return forms.FileField(label=label, error_messages={
        "required": "Chưa chọn tệp. Bấm \u201cChọn tệp\u201d rồi chọn tệp cần gửi.",
        "empty": "Tệp rỗng (0 byte). Chọn lại tệp đúng."},
        widget=forms.ClearableFileInput(attrs={"accept": accept, "aria-describedby": help_id}))


def _deadline(label: str, help_id: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=40,
                           widget=forms.TextInput(attrs={"aria-describedby": help_id}))


class RoundForm(forms.Form):
    """``dvk round new`` as a form: ruleset, year, period, code and name, deadlines, roster,
    and whether the round has an appraisal stage (``--khong-tham-dinh``)."""

    bo_tieu_chi = forms.ChoiceField(label="Bộ tiêu chí")
    nam = forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100)
    ky = forms.ChoiceField(label="Kỳ đánh giá", choices=PERIODS, initial="nam")
    ten_ky = forms.CharField(label="Tên kỳ (chỉ cho đợt đột xuất)", required=False, max_length=100)
    ma = forms.CharField(label="Mã đợt", required=False, max_length=40,
                         widget=forms.TextInput(attrs={"aria-describedby": "ma-help"}))
    ten = forms.CharField(label="Tên đợt", required=False, max_length=200,
                          widget=forms.TextInput(attrs={"aria-describedby": "ten-help"}))
    han_nop = _deadline("Hạn nộp hồ sơ", "han-help")
    han_tham_dinh = _deadline("Hạn thẩm định", "han-help")
    han_giai_trinh = _deadline("Hạn giải trình", "han-help")
    danh_sach = _file("Danh sách đơn vị (.xlsx hoặc .csv)", ".xlsx,.csv", "danh-sach-help")
    khong_tham_dinh = forms.BooleanField(
        label="Đợt không có hội đồng thẩm định", required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "khong-tham-dinh-help"}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bo_tieu_chi"].choices = [(c.key, c.label) for c in choices]
        self.fields["danh_sach"].required = False

    def _clean_deadline(self, name: str) -> str:
        from scoring.workspace.rounds import parse_deadline

        text = self.cleaned_data.get(name, "").strip()
        if text:
            try:
                parse_deadline(text)
            except DvkError as exc:
                raise forms.ValidationError(exc.findings[0].message) from None
        return text

    def clean_han_nop(self) -> str:
        return self._clean_deadline("han_nop")

    def clean_han_tham_dinh(self) -> str:
        return self._clean_deadline("han_tham_dinh")

    def clean_han_giai_trinh(self) -> str:
        return self._clean_deadline("han_giai_trinh")


class RosterForm(forms.Form):
    """The roster file (``dvk round roster``)."""

    tep = _file("Danh sách đơn vị (.xlsx hoặc .csv)", ".xlsx,.csv", "tep-help")


class RulesetForm(forms.Form):
    """A ruleset JSON file to check and keep."""

    tep = _file("Bộ tiêu chí (.json)", ".json,application/json", "tep-help")


class StaffForm(forms.Form):
    """A staff account: appraiser, leadership or another office account."""

    ten_dang_nhap = forms.RegexField(label="Tên đăng nhập", regex=r"^[A-Za-z0-9.@+_-]{1,150}$", max_length=150,
                                     error_messages={"invalid": "Chỉ dùng chữ không dấu, số và các dấu . @ + - _."},
                                     widget=forms.TextInput(attrs={"aria-describedby": "ten-dang-nhap-help",
                                                                   "autocomplete": "off"}))
    ho_ten = forms.CharField(label="Họ tên hoặc chức danh", max_length=150)
    vai_tro = forms.ChoiceField(label="Vai trò", choices=[("appraiser", "Thẩm định"), ("leader", "Lãnh đạo"),
                                                         ("office", "Văn phòng")])

    def clean_ten_dang_nhap(self) -> str:
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["ten_dang_nhap"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(f"Đã có tài khoản '{name}'. Chọn tên khác.")
        return name
