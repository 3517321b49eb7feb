"""The model register in the portal: a unit registers its "Dân vận khéo" models and follows their
statuses (only its own: another unit's model is a 404); the office sees the year's register,
records each model's status steps, replications and the year's deadline —
:mod:`scoring.workspace.modelstore` in the browser."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import OFFICE, role_required, unit_required
from scoring.portal.views.unit import workspace

office_required = role_required(OFFICE)


def _year(request) -> int:
    """The register's year: ``?nam=`` when it is a year, else this year."""
    from scoring.workspace.modelstore import today

    given = request.GET.get("nam", "")
    return int(given) if given.isdigit() and 2000 <= int(given) <= 2100 else today().year


def _reach(who):
    """The unit ids an office account reaches (:func:`~scoring.workspace.offices.office_units`)."""
    from scoring.workspace.offices import office_units

    return office_units(who.office)


def _book(year: int, unit=None, units=None) -> dict:
    from scoring.models_dvk.model import FIELDS, STATUSES
    from scoring.workspace.modelbook import book_rows, year_deadline

    rows = book_rows(year, unit, units)
    for row in rows:
        row.status_label, row.field_label = STATUSES[row.status], FIELDS.get(row.field, row.field)
        for step in row.history:
            step.label = STATUSES.get(step.status, step.status)
    deadline = year_deadline(year)
    return {"year": year, "rows": rows, "deadline": f"{deadline:%d/%m/%Y}" if deadline else ""}


@require_http_methods(["GET", "POST"])
@unit_required
def unit_page(request, who):
    """The unit's models of the year, and the form "Đăng ký mô hình" (dated the day it is sent)."""
    from scoring.portal.model_forms import ModelRegistrationForm
    from scoring.portal.present import findings_view
    from scoring.workspace.modelstore import register_model, today

    year = today().year if request.method == "POST" else _year(request)
    form = ModelRegistrationForm(request.POST if request.method == "POST" else None)
    findings = ()
    if request.method == "POST" and form.is_valid():
        try:
            done = register_model(workspace(), year, who.unit, form.values(), "portal", who.username)
        except DvkError as exc:
            findings = exc.findings
        else:
            for finding in done.findings:
                messages.warning(request, finding.message)
            messages.success(request, f"Đã đăng ký mô hình {done.model.code} ({done.model.name}) ngày "
                                      f"{done.model.registered_on:%d/%m/%Y}.")
            return redirect("portal:unit-models")
    context = {**_book(year, who.unit), "form": form, **findings_view(findings)}
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/unit_models.html", context, status=status)


@require_GET
@unit_required
def unit_model(request, who, pk):
    """One of the unit's models and its status history (another unit's: 404)."""
    from scoring.models_dvk.model import FIELDS, STATUSES
    from scoring.workspace.modelbook import unit_model as find

    row = find(pk, who.unit)
    if row is None:
        raise Http404
    row.status_label, row.field_label = STATUSES[row.status], FIELDS.get(row.field, row.field)
    for step in row.history:
        step.label = STATUSES.get(step.status, step.status)
    return render(request, "portal/unit_model.html", {"row": row})


@require_GET
@office_required
def office_page(request, who):
    return _office(request, who, _year(request))


#: The office page's forms, in page order: their section and where each is sent.
_OFFICE_FORMS = {
    "status_form": {"anchor": "ghi-trang-thai", "title": "Ghi trạng thái", "action": "portal:office-model-status",
                    "button": "Ghi trạng thái",
                    "intro": "Trạng thái đi theo thứ tự: đăng ký → triển khai → đánh giá → công nhận (cấp cơ sở, huyện, "
                             "tỉnh) hoặc không công nhận. Công nhận cần số văn bản quyết định."},
    "replication_form": {"anchor": "nhan-rong", "title": "Ghi nhân rộng", "action": "portal:office-model-replication",
                         "button": "Ghi nhân rộng", "intro": ""},
    "round_form": {"anchor": "dot-dung-so", "title": "Đợt đánh giá lấy số mô hình từ sổ",
                   "action": "portal:office-model-round", "button": "Ghi lựa chọn",
                   "intro": "Tiêu chí về mô hình của đợt (bộ tiêu chí khai báo model_inputs) lấy số mô hình từ sổ năm của "
                            "đợt thay cho số đơn vị tự ghi, kèm tên các mô hình làm tài liệu kiểm chứng; chỉ chọn khi đợt "
                            "chưa chốt kết quả."},
    "deadline_form": {"anchor": "han", "title": "Hạn đăng ký", "action": "portal:office-model-deadline",
                      "button": "Đặt hạn đăng ký", "intro": ""},
}


def _office(request, who, year: int, findings=(), forms=None, status=200):
    from scoring.portal.model_forms import ModelDeadlineForm, ModelReplicationForm, ModelRoundForm, ModelStatusForm
    from scoring.portal.present import findings_view

    forms = {"status_form": ModelStatusForm(), "replication_form": ModelReplicationForm(),
             "round_form": ModelRoundForm(), "deadline_form": ModelDeadlineForm(), **(forms or {})}
    shown = [{**part, "form": forms[name]} for name, part in _OFFICE_FORMS.items()]
    context = {**_book(year, units=_reach(who)), "forms": shown, **findings_view(findings)}
    return render(request, "portal/office_models.html", context, status=status)


def _posted_year(request) -> int:
    from scoring.workspace.modelstore import today

    given = request.POST.get("nam", "")
    return int(given) if given.isdigit() and 2000 <= int(given) <= 2100 else today().year


def _office_action(request, who, form_class, form_name: str, act):
    """Run ``act(year, cleaned data)`` for a valid form; back to the page with its message, or the
    page again with the form's errors or the workspace's findings."""
    year = _posted_year(request)
    form = form_class(request.POST)
    if not form.is_valid():
        return _office(request, who, year, forms={form_name: form}, status=400)
    try:
        said = act(year, form.cleaned_data)
    except DvkError as exc:
        return _office(request, who, year, exc.findings, {form_name: form}, status=400)
    messages.success(request, said)
    return redirect(f"/van-phong/mo-hinh/?nam={year}")


@require_POST
@office_required
def office_status(request, who):
    """Form "Ghi trạng thái": the model's next status, its date and the deciding document."""
    from scoring.models_dvk.model import STATUSES
    from scoring.portal.model_forms import ModelStatusForm
    from scoring.workspace.modelstore import record_status

    def act(year, data):
        decision = {"number": data["quyet_dinh"], "date": data["ngay_quyet_dinh"], "issuer": data["co_quan"]}
        change = record_status(workspace(), year, data["ma"], data["trang_thai"], data["ngay"], decision,
                               data["ghi_chu"], who.username, units=_reach(who))
        return f"Mô hình {change.model.code}: {STATUSES[change.status]} từ ngày {change.on:%d/%m/%Y}."
    return _office_action(request, who, ModelStatusForm, "status_form", act)


@require_POST
@office_required
def office_replication(request, who):
    """Form "Ghi nhân rộng": another unit replicates a model."""
    from scoring.portal.model_forms import ModelReplicationForm
    from scoring.workspace.modelstore import find_unit, replicate

    def act(year, data):
        done = replicate(workspace(), year, data["ma"], find_unit(data["don_vi"], _reach(who)),
                         data["ma_moi"] or None,
                         data["ngay"], "portal", who.username)
        return f"Đơn vị {done.model.unit.code} nhân rộng mô hình {data['ma']}: mô hình {done.model.code}."
    return _office_action(request, who, ModelReplicationForm, "replication_form", act)


@require_POST
@office_required
def office_deadline(request, who):
    """Form "Đặt hạn đăng ký": the year's registration deadline."""
    from scoring.portal.model_forms import ModelDeadlineForm
    from scoring.workspace.modelstore import set_deadline

    def act(year, data):
        row = set_deadline(workspace(), year, data["han"], who.username, office=who.office)
        return f"Hạn đăng ký mô hình năm {row.year}: {row.deadline:%d/%m/%Y}."
    return _office_action(request, who, ModelDeadlineForm, "deadline_form", act)


@require_POST
@office_required
def office_round(request, who):
    """Form "Đợt đánh giá lấy số mô hình từ sổ": one of the office's own rounds takes the register, or no longer."""
    from scoring.portal.access import round_for
    from scoring.portal.model_forms import ModelRoundForm
    from scoring.workspace.modelstore import use_in_round

    def act(year, data):
        round_ = round_for(who, data["dot"], write=True)  # another office's: 404, one below: 403
        use = data["dung"] == "1"
        use_in_round(workspace(), round_.code, use, who.username)
        return (f"Đợt {round_.code} lấy số mô hình từ sổ năm {round_.year}." if use
                else f"Đợt {round_.code} thôi lấy số mô hình từ sổ.")
    return _office_action(request, who, ModelRoundForm, "round_form", act)
