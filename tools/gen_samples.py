"""Generate sample_inputs/*.xlsx: ~20 filled self-assessment workbooks of fictional units.

Default ruleset (criteria/dvcq-minh-hoa.json), its 3 unit types and 2 blocks, with a realistic
spread: strong and weak units, N/A criteria (zero denominators), bonuses, deductions, gates that
fire (D2 ≥ 1, F1, F2, F3), appraisals (some lower than the self-score, 7.1 filled by the
appraiser) and human quirks that give warnings (decimal commas, numbers typed as text).  Every
sample is checked to be accepted (no errors).  Deterministic: seeded, fixed timestamps.

    python tools/gen_samples.py [--out sample_inputs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.intake.pipeline import evaluate_file  # noqa: E402
from scoring.rules.index import index_of  # noqa: E402
from scoring.rules.load import load_ruleset  # noqa: E402
from scoring.engine.submission import Submission  # noqa: E402
from scoring.workbook.fill import fill_workbook  # noqa: E402
from scoring.workbook.synth import random_answers  # noqa: E402
from scoring.workbook.template import write_template  # noqa: E402

RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"
SEED = 20251120

# code, name, unit type, strength, extras (see _extras)
UNITS: list[tuple[str, str, str, float, dict[str, Any]]] = [
    ("XA-MAUSON", "UBND xã Mẫu Sơn", "ubnd_xa", 0.95, {"bonus": {"T1": 1, "T2": 1}, "appraise": "same"}),
    ("PHUONG-THUNGHIEM", "UBND phường Thử Nghiệm", "ubnd_xa", 0.9, {"appraise": "lower", "zero": ["2.2"]}),
    ("XA-GIADINH", "UBND xã Giả Định", "ubnd_xa", 0.75, {"deduct": {"D1": 1}}),
    ("XA-MINHHOA", "UBND xã Minh Họa", "ubnd_xa", 0.6, {"quirks": "comma"}),
    ("PHUONG-VIDU", "UBND phường Ví Dụ", "ubnd_xa", 0.98, {"deduct": {"D2": 1}, "bonus": {"T1": 2}}),
    ("XA-HUCAU", "UBND xã Hư Cấu", "ubnd_xa", 0.35, {"deduct": {"D1": 2}, "facts": {"F1": True}}),
    ("DACKHU-DAOMAU", "UBND đặc khu Đảo Mẫu", "ubnd_xa", 0.8, {"facts": {"F3": True}, "zero": ["2.2", "3.3"]}),
    ("XA-TAPDUOT", "UBND xã Tập Dượt", "ubnd_xa", 0.7, {"quirks": "text", "appraise": "lower"}),
    ("XA-KIEMTHU", "UBND xã Kiểm Thử", "ubnd_xa", 0.85, {"bonus": {"T2": 1}}),
    ("SO-THUNGHIEM", "Sở Thử Nghiệm", "so_ban_nganh", 0.92, {"appraise": "same", "bonus": {"T2": 2}}),
    ("SO-MAUSO1", "Sở Mẫu Số Một", "so_ban_nganh", 0.8, {"appraise": "lower"}),
    ("BAN-MINHHOA", "Ban Minh Họa tỉnh", "so_ban_nganh", 0.55, {"facts": {"F2": True}}),
    ("SO-GIALAP", "Sở Giả Lập", "so_ban_nganh", 0.4, {"deduct": {"D1": 1}, "zero": ["2.2"]}),
    ("SO-VIDU", "Sở Ví Dụ", "so_ban_nganh", 0.97, {"quirks": "comma", "bonus": {"T1": 1}}),
    ("BV-MAU", "Bệnh viện Mẫu", "dvsncl", 0.88, {"appraise": "lower", "zero": ["2.2"]}),
    ("CD-THUNGHIEM", "Trường Cao đẳng Thử Nghiệm", "dvsncl", 0.93, {"bonus": {"T2": 1}}),
    ("TT-GIADINH", "Trung tâm Giả Định", "dvsncl", 0.5, {"deduct": {"D1": 1}, "facts": {"F1": True}}),
    ("DAI-MINHHOA", "Đài Phát thanh Minh Họa", "dvsncl", 0.72, {"quirks": "text"}),
    ("BQL-DUANMAU", "Ban Quản lý Dự án Mẫu", "dvsncl", 0.3, {"zero": ["2.2", "3.3"]}),
    ("VIEN-THUNGHIEM", "Viện Thử Nghiệm", "dvsncl", 0.83, {"appraise": "same", "deduct": {"D2": 1}}),
]


def _lower(value: Any, info: Any) -> Any:
    """The appraiser's value one notch below the unit's own (never invalid)."""
    method = info.node.method
    if method.type == "levels":
        ids = [lv.id for lv in method.levels]
        return ids[min(len(ids) - 1, ids.index(value) + 1)]
    if method.type == "binary":
        return False
    if method.type in ("manual",):
        return max(value - method.step, 0 * value)
    if isinstance(value, dict) and "numerator" in value and value["numerator"] > 0:
        return {**value, "numerator": value["numerator"] - 1}
    return value


def build(code: str, name: str, unit_type: str, strength: float, extras: dict[str, Any],
          ruleset: Any, rng: random.Random) -> tuple[Submission, dict]:
    index = index_of(ruleset)
    answers = random_answers(ruleset, unit_type, rng, strength)
    for node_id in extras.get("zero", []):
        if node_id in answers:
            answers[node_id]["self"] = {"numerator": 0, "denominator": 0}
    for key in ("bonus", "deduct"):
        for item, count in extras.get(key, {}).items():
            answers[item] = {"self": count, "evidence": f"Quyết định số {rng.randint(10, 99)}/QĐ (hư cấu)"}
    for fact, value in extras.get("facts", {}).items():
        answers[fact] = {"self": value}
    for node_id in ("1.1", "3.1"):
        if node_id in answers:
            answers[node_id]["evidence"] = f"Văn bản số {rng.randint(1, 99)}/KH-{code} (hư cấu)"
    mode = extras.get("appraise")
    if mode:
        for info in index.leaves:
            if not info.applies(unit_type):
                continue
            if info.node.method.appraiser_only:
                step = info.node.method.step
                answers[info.id] = {"appraisal": step * int(info.node.max * Decimal(str(strength)) / step)}
                continue
            given = answers[info.id]["self"]
            if mode == "lower" and rng.random() < 0.3:
                answers[info.id]["appraisal"] = _lower(given, info)
                answers[info.id]["appraisal_note"] = "Tài liệu kiểm chứng chưa đầy đủ"
            else:
                answers[info.id]["appraisal"] = given
    raw: dict = {}
    if extras.get("quirks") == "comma" and "4.1" in answers:
        raw[("4.1", "self", "value")] = str(answers["4.1"]["self"]).replace(".", ",")
    if extras.get("quirks") == "text":
        for node_id in ("6.1", "3.3"):
            value = answers.get(node_id, {}).get("self")
            if isinstance(value, dict) and value.get("denominator"):
                raw[(node_id, "self", "denominator")] = str(value["denominator"])
    submission = Submission.model_validate({
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "unit": {"code": code, "name": name, "unit_type": unit_type}, "year": 2025,
        "prepared_by": "Cán bộ phụ trách (hư cấu)",
        "prepared_on": dt.date(2025, 11, rng.randint(3, 28)).isoformat(), "answers": answers})
    return submission, raw



def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_inputs")
    args = parser.parse_args(argv)
    ruleset = load_ruleset(RULESET)
    rng = random.Random(SEED)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        templates = {u.id: write_template(ruleset, u.id, Path(tmp) / f"{u.id}.xlsx", year=2025)
                     for u in ruleset.unit_types}
        for code, name, unit_type, strength, extras in UNITS:
            submission, raw = build(code, name, unit_type, strength, extras, ruleset, rng)
            out = args.out / f"{code.lower()}.xlsx"
            fill_workbook(templates[unit_type], ruleset, submission, out, raw=raw, results=True)
            result = evaluate_file(ruleset, out)
            if not result.ok:
                raise SystemExit(f"{out}: not accepted: " + "; ".join(map(str, result.errors)))
            print(f"{out.name:28} {result.final.total:>7} {result.final.band_label:28} "
                  f"{len(result.findings)} cảnh báo")


if __name__ == "__main__":
    main()
