"""Django form fields generated from a criterion's input fields (the method's ``InputField``s).

The same fields the workbook template has as input cells: numbers (decimal comma accepted),
whole numbers, Có/Không and level choices.  Values are checked again by the engine, which gives
the same Vietnamese findings as for a workbook; the form only turns text into typed values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from scoring.rules.notapplicable import NA_FIELD, NA_TEXT, REASON_FIELD, is_na_text

BOOLEAN_CHOICES = (("", "— chưa chọn —"), ("co", "Có"), ("khong", "Không"))
NUMBER_ERRORS = {"invalid": "Phải là một số (ví dụ 8,5).", "min_value": "Không được nhập số âm.",
                 "max_value": "Không được lớn hơn %(limit_value)s (điểm tối đa)."}
WHOLE_ERRORS = {**NUMBER_ERRORS, "invalid": "Phải là một số nguyên (ví dụ 3)."}


def form_field(field: Any, required: bool = False) -> forms.Field:
    """The form field for one ``InputField``."""
    label = field.label
    if field.kind == "decimal":
        return forms.DecimalField(label=label, required=required, localize=True, min_value=Decimal(0),
                                  max_value=field.max, error_messages=NUMBER_ERRORS,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    if field.kind == "integer":
        return forms.IntegerField(label=label, required=required, min_value=0, error_messages=WHOLE_ERRORS,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    if field.kind == "boolean":
        return forms.ChoiceField(label=label, required=required, choices=BOOLEAN_CHOICES)
    return forms.ChoiceField(label=label, required=required,
                             choices=(("", "— chưa chọn —"), *[(k, v) for k, v in field.choices]))


def typed(field: Any, value: Any) -> Any:
    """A cleaned form value as the engine takes it (None when left blank)."""
    if value in (None, ""):
        return None
    if field.kind == "boolean":
        return value == "co"
    return value


def criterion_form(fields: tuple[Any, ...], prefix: str, not_applicable: bool = False) -> type[forms.Form]:
    """A form class with one form field per input field of a criterion (names = field keys), and
    a «Không áp dụng» box where the criterion lets the unit declare it (``not_applicable``)."""
    attrs: dict[str, forms.Field] = {f.key: form_field(f) for f in fields}
    if not_applicable:
        attrs[NA_FIELD] = forms.BooleanField(label=f"«{NA_TEXT}»", required=False)
    return type(f"Form_{prefix}", (forms.Form,), attrs)


def value_of(fields: tuple[Any, ...], cleaned: dict[str, Any]) -> Any:
    """The criterion's value: «Không áp dụng» when its box is ticked (the choice wins over values,
    as in the workbook), a scalar for a one-field method, else ``{key: value}``."""
    if cleaned.get(NA_FIELD):
        return NA_TEXT
    values = {f.key: typed(f, cleaned.get(f.key)) for f in fields}
    if len(fields) == 1:
        return values[fields[0].key]
    return {k: v for k, v in values.items() if v is not None}


def initial_of(fields: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """Form initial data from a stored value (scalar or ``{key: value}``)."""
    if value is None:
        return {}
    if is_na_text(value):
        return {NA_FIELD: True}
    values = value if isinstance(value, dict) else {fields[0].key: value} if len(fields) == 1 else {}
    out = {}
    for f in fields:
        v = values.get(f.key)
        if f.kind == "boolean" and isinstance(v, bool):
            v = "co" if v else "khong"
        out[f.key] = v
    return out


def answers_form(items: list[Any], data: Any = None, answers: dict[str, Any] | None = None) -> forms.Form:
    """One form for every item of the web self-assessment (``webform.items``), with evidence boxes.

    Field names are ``<id>__<field key>`` and ``<id>__evidence``; ``answers`` fill the initial values.
    """
    form = forms.Form(data)
    answers = answers or {}
    for item in items:
        given = answers.get(item.id) or {}
        declared = item.not_applicable is not None and is_na_text(given.get("self"))
        initial = {} if declared else initial_of(item.fields, given.get("self"))
        for field in item.fields:
            form.fields[f"{item.id}__{field.key}"] = form_field(field)
            form.initial[f"{item.id}__{field.key}"] = initial.get(field.key)
        if item.not_applicable is not None:  # as the workbook's "Không áp dụng" and reason rows
            need = "bắt buộc" if item.not_applicable.reason_required else "nên ghi"
            form.fields[f"{item.id}__{NA_FIELD}"] = forms.BooleanField(
                label=f"Đơn vị tự khai «{NA_TEXT}» (chỉ chọn khi tiêu chí không áp dụng với đơn vị)",
                required=False)
            form.fields[f"{item.id}__{REASON_FIELD}"] = forms.CharField(
                label=f"Lý do không áp dụng ({need} khi chọn «{NA_TEXT}»)", required=False,
                max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
            form.initial[f"{item.id}__{NA_FIELD}"] = declared
            form.initial[f"{item.id}__{REASON_FIELD}"] = given.get("not_applicable_reason") or ""
        if item.kind == "criterion":
            form.fields[f"{item.id}__evidence"] = forms.CharField(
                label="Tài liệu kiểm chứng", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
            form.initial[f"{item.id}__evidence"] = given.get("evidence") or ""
    return form


def answers_of(items: list[Any], cleaned: dict[str, Any]) -> dict[str, Any]:
    """The cleaned form as submission answers: ``{id: {"self": value, "evidence": text}}``, blanks left out."""
    out: dict[str, Any] = {}
    for item in items:
        keys = (*(f.key for f in item.fields), NA_FIELD)
        value = value_of(item.fields, {key: cleaned.get(f"{item.id}__{key}") for key in keys})
        evidence = (cleaned.get(f"{item.id}__evidence") or "").strip()
        reason = (cleaned.get(f"{item.id}__{REASON_FIELD}") or "").strip()
        answer = {k: v for k, v in (("self", value), ("evidence", evidence), (REASON_FIELD, reason))
                  if v not in (None, "", {})}
        if answer:
            out[item.id] = answer
    return out


def bound_rows(form: forms.Form, items: list[Any]) -> list[dict[str, Any]]:
    """The form's bound fields grouped by item, for the template."""
    rows = []
    for item in items:
        names = [f"{item.id}__{f.key}" for f in item.fields]
        if item.not_applicable is not None:
            names += [f"{item.id}__{NA_FIELD}", f"{item.id}__{REASON_FIELD}"]
        if item.kind == "criterion":
            names.append(f"{item.id}__evidence")
        rows.append({"item": item, "fields": [form[name] for name in names]})
    return rows
