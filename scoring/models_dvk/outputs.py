"""Outputs of the model register, written whole into one folder (as ``dvk rank``'s reports):

- ``so-dang-ky-mo-hinh.xlsx``: the register (one row per model), recognised models per level and
  field, the roll-up per unit, and the findings (late registrations, rejected rows);
- ``so-dang-ky-mo-hinh.csv``, ``mo-hinh-cong-nhan.csv``, ``mo-hinh-theo-don-vi.csv``: the same tables;
- ``bieu-do-mo-hinh.png``: recognised models per field, stacked by level;
- ``tong-hop-mo-hinh.json``: the register after evaluation, for other tools.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.models_dvk.model import FIELDS, RECOGNISED, STATUSES, Register
from scoring.models_dvk.rollup import level_field_counts, rollup
from scoring.reports.tables import Column, Table, findings_table

XLSX_NAME = "so-dang-ky-mo-hinh.xlsx"
CHART_NAME = "bieu-do-mo-hinh.png"
JSON_NAME = "tong-hop-mo-hinh.json"
OWNED = (XLSX_NAME, "so-dang-ky-mo-hinh.csv", "mo-hinh-cong-nhan.csv", "mo-hinh-theo-don-vi.csv",
         "mo-hinh-canh-bao.csv", CHART_NAME, JSON_NAME)
LEVEL_LABELS = {"cong_nhan_co_so": "Cấp cơ sở", "cong_nhan_huyen": "Cấp huyện", "cong_nhan_tinh": "Cấp tỉnh"}


def register_table(register_: Register) -> Table:
    """One row per model, in register order."""
    columns = [Column("STT", "int", 6), Column("Mã mô hình", "text", 11), Column("Tên mô hình", "text", 38),
               Column("Lĩnh vực", "text", 18), Column("Đơn vị", "text", 26), Column("Cá nhân điển hình", "text", 18),
               Column("Ngày đăng ký", "text", 11), Column("Đăng ký muộn", "text", 9),
               Column("Thời gian thực hiện", "text", 14), Column("Điểm đánh giá", "points", 9),
               Column("Kết quả đánh giá", "text", 22), Column("Trạng thái", "text", 18)]
    table = Table("so-dang-ky-mo-hinh", "Sổ đăng ký", "Sổ đăng ký mô hình, điển hình \"Dân vận khéo\"", columns)
    for m in register_.models:
        evaluation = m.evaluation or {}
        table.rows.append([len(table.rows) + 1, m.code, m.name, m.field_label, f"{m.unit_name} ({m.unit_code})",
                           m.individual or "", f"{m.registered_on:%d/%m/%Y}", "Có" if m.late else "",
                           m.period_text, evaluation.get("total"), evaluation.get("band_label", ""), m.status_label])
    return table


def level_table(register_: Register) -> Table:
    """Recognised models: one row per field, one column per level, totals."""
    counts = level_field_counts(register_)
    columns = [Column("Lĩnh vực", "text", 30)] + [Column(LEVEL_LABELS[s], "int", 11) for s in RECOGNISED]
    columns.append(Column("Tổng", "int", 9))
    table = Table("mo-hinh-cong-nhan", "Công nhận theo cấp", "Mô hình được công nhận theo cấp và lĩnh vực", columns)
    for field_id, label in FIELDS.items():
        row = [counts[s][field_id] for s in RECOGNISED]
        table.rows.append([label, *row, sum(row)])
    totals = [sum(counts[s].values()) for s in RECOGNISED]
    table.rows.append(["Tổng cộng", *totals, sum(totals)])
    return table


def unit_table(register_: Register) -> Table:
    """One row per unit: models registered, late, per status, individuals."""
    statuses = list(STATUSES)
    columns = [Column("STT", "int", 6), Column("Mã đơn vị", "text", 13), Column("Tên đơn vị", "text", 30),
               Column("Số mô hình", "int", 9), Column("Đăng ký muộn", "int", 9)]
    columns += [Column(STATUSES[s], "int", 11) for s in statuses] + [Column("Cá nhân điển hình", "int", 10)]
    table = Table("mo-hinh-theo-don-vi", "Theo đơn vị", "Tổng hợp mô hình theo đơn vị", columns)
    for unit in rollup(register_).values():
        by_status = unit.by_status()
        table.rows.append([len(table.rows) + 1, unit.unit_code, unit.unit_name, len(unit.models),
                           sum(m.late for m in unit.models), *(by_status[s] for s in statuses),
                           sum(bool(m.individual) for m in unit.models)])
    return table


def write_outputs(register_: Register, out_dir: Path, title: str) -> list[Path]:
    """Write every output into ``out_dir`` atomically; ``title`` is the heading's second line."""
    from scoring.reports import publish

    def build(tmp: Path) -> list[Path]:
        from scoring.reports.csv import write_csv
        from scoring.reports.xlsx import write_tables

        tables = [register_table(register_), level_table(register_), unit_table(register_),
                  findings_table("mo-hinh-canh-bao", "Cảnh báo", "Cảnh báo và lỗi của sổ đăng ký",
                                 (("", f) for f in register_.findings))]
        lines = (title, "Lập từ các tệp đăng ký và phiếu đánh giá mô hình")
        paths = [write_tables(tmp / XLSX_NAME, tables, lines)]
        paths += [write_csv(tmp / f"{table.key}.csv", table) for table in tables]
        paths.append(write_chart(tmp / CHART_NAME, register_))
        paths.append(_write_json(tmp / JSON_NAME, register_))
        return paths

    return publish(Path(out_dir), build, OWNED)


def write_chart(path: Path, register_: Register) -> Path:
    """Recognised models per field of work, one stacked bar per field, coloured by level."""
    from scoring.reports.charts import PALETTE, chart_style, new_figure, save_png

    counts = level_field_counts(register_)
    labels = list(FIELDS.values())
    with chart_style():
        fig = new_figure(8, 4.2)
        ax = fig.add_subplot()
        left = [0] * len(labels)
        for color, status in zip(PALETTE[2::-1], RECOGNISED):
            values = [counts[status][f] for f in FIELDS]
            ax.barh(labels, values, left=left, color=color, label=LEVEL_LABELS[status])
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_xlabel("Số mô hình được công nhận")
        ax.set_title("Mô hình \"Dân vận khéo\" được công nhận theo lĩnh vực và cấp")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower right")
        return save_png(fig, path)


def _write_json(path: Path, register_: Register) -> Path:
    from scoring.core.decimals import to_json_number

    def jsonable(value: object) -> object:
        return to_json_number(value) if hasattr(value, "is_finite") else value  # Decimals only

    models = [{"code": m.code, "name": m.name, "field": m.field, "unit_code": m.unit_code, "unit_name": m.unit_name,
               "individual": m.individual, "registered_on": m.registered_on.isoformat(), "late": m.late,
               "period": {"from": m.period_from and m.period_from.isoformat(), "to": m.period_to and m.period_to.isoformat()},
               "status": m.status,
               "evaluation": {k: jsonable(v) for k, v in (m.evaluation or {}).items()} or None}
              for m in register_.models]
    data = {"deadline": register_.deadline and register_.deadline.isoformat(), "models": models}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
