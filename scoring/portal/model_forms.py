"""The model register's forms: a unit registers a model, the office records a status step, a
replication and the year's deadline (plain ``forms.Form``; dates checked by the workspace as the
command line's are, so the page says what ``dvk mo-hinh so`` would say)."""

from __future__ import annotations

from django import forms

from scoring.models_dvk.model import FIELDS, STATUSES


def _text(label: str, required: bool = True, max_length: int = 300) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           error_messages={"required": f"Chưa nhập {label.lower()}."})


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                           widget=forms.TextInput(attrs={"placeholder": "ngày/tháng/năm"}),
                           error_messages={"invalid": "Nhập ngày dạng ngày/tháng/năm, ví dụ 12/03/2026.",
                                           "required": f"Chưa nhập {label.lower()}."})


class ModelRegistrationForm(forms.Form):
    """A unit's registration of a model (its date is the day it is sent)."""

    ma = _text("Mã mô hình", max_length=100)
    ten = _text("Tên mô hình")
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", choices=list(FIELDS.items()))
    doi_tuong = _text("Đối tượng", required=False)
    ca_nhan = _text("Cá nhân điển hình (nếu là điển hình cá nhân)", required=False)
    tu_ngay = _date("Thực hiện từ ngày")
    den_ngay = _date("Thực hiện đến ngày")

    def values(self) -> dict:
        """The registration's values by the register's column keys."""
        data = self.cleaned_data
        return {"code": data["ma"], "name": data["ten"], "field": data["linh_vuc"], "target_group": data["doi_tuong"],
                "individual": data["ca_nhan"] or None, "from": data["tu_ngay"], "to": data["den_ngay"]}


class ModelStatusForm(forms.Form):
    """The office records a model's next status with the deciding document."""

    ma = _text("Mã mô hình", max_length=100)
    trang_thai = forms.ChoiceField(label="Trạng thái mới", choices=[(k, v) for k, v in STATUSES.items() if k != "dang_ky"])
    ngay = _date("Ngày", required=True)
    quyet_dinh = _text("Số văn bản quyết định", required=False)
    ngay_quyet_dinh = _date("Ngày văn bản")
    co_quan = _text("Cơ quan ban hành", required=False)
    ghi_chu = _text("Ghi chú", required=False, max_length=1000)


class ModelReplicationForm(forms.Form):
    """The office records that another unit replicates a model."""

    ma = _text("Mã mô hình gốc", max_length=100)
    don_vi = _text("Mã đơn vị nhân rộng", max_length=200)
    ma_moi = _text("Mã mô hình nhân rộng (bỏ trống: MÃ_GỐC-MÃ_ĐƠN_VỊ)", required=False, max_length=100)
    ngay = _date("Ngày đăng ký nhân rộng")


class ModelRoundForm(forms.Form):
    """The office chooses whether one of its rounds takes the year's register for its model inputs."""

    dot = _text("Mã đợt đánh giá", max_length=100)
    dung = forms.ChoiceField(label="Sổ mô hình", choices=[("1", "Đợt lấy số mô hình từ sổ"),
                                                          ("0", "Đợt thôi lấy từ sổ (dùng số đơn vị tự ghi)")])


class ModelDeadlineForm(forms.Form):
    """The office sets the year's registration deadline."""

    han = _date("Hạn đăng ký mô hình", required=True)
