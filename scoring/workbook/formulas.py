"""Excel formulas of the "Điểm tự chấm"/"Điểm thẩm định" cells: a live preview, never read back.

The engine recomputes every point from the inputs; these formulas only spare the person a
calculator while filling in.  Numbers are written with a '.' (the file format's separator).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from scoring.core.decimals import normalized
from scoring.rules.methods import Method
from scoring.rules.models import NotApplicableAllowance
from scoring.rules.notapplicable import NA_FIELD, REASON_FIELD
from scoring.workbook.layout import NO, NOT_APPLICABLE, YES

#: field key → cell address (e.g. "E14") of one stage's inputs.
Cells = dict[str, str]


def num(value: Decimal | int) -> str:
    return f"{normalized(Decimal(value)):f}"


def _blank_guard(refs: list[str], body: str) -> str:
    test = refs[0] + '=""' if len(refs) == 1 else "OR(" + ",".join(f'{r}=""' for r in refs) + ")"
    return f'IF({test},"",{body})'


def _thresholds(pairs: list[tuple[str, Decimal]], fallback: str = "0") -> str:
    text = fallback
    for test, points in reversed(pairs):
        text = f"IF({test},{num(points)},{text})"
    return text


def leaf_formula(method: Method, max_points: Decimal, cells: Cells, places: int,
                 lists: dict[str, tuple[str, str]], round_down: bool = False,
                 not_applicable: NotApplicableAllowance | None = None) -> str | None:
    """The preview formula of one criterion in one stage, or None when there is nothing to show.

    ``lists`` maps a field key to the (labels range, points range) of its level list;
    ``round_down``: the ruleset rounds down (ROUNDDOWN) rather than half-up (ROUND);
    ``not_applicable``: the criterion's allowance, when ``cells`` has its "Không áp dụng" cell.
    """
    builder = _BUILDERS.get(method.type)  # type: ignore[attr-defined]
    if builder is None:
        return None
    body = builder(method, num(max_points), cells, places, lists)
    if not_applicable is not None and NA_FIELD in cells:
        body = _declared_na(not_applicable, cells, body)
    text = "=" + body
    # ROUND only ever rounds a criterion's points here, so the ruleset's mode swaps it whole.
    return text.replace("ROUND(", "ROUNDDOWN(") if round_down else text


def _declared_na(allowance: NotApplicableAllowance, c: Cells, body: str) -> str:
    """"Không áp dụng" chosen wins over any value (as the reader reads it); a required reason not
    yet written shows nothing, as every input the engine would refuse."""
    shown = f'"{NOT_APPLICABLE}"'
    reason = c.get(REASON_FIELD)
    if allowance.reason_required and reason is not None:
        shown = f'IF(TRIM({reason})="","",{shown})'
    return f'IF(TRIM({c[NA_FIELD]})="{NOT_APPLICABLE}",{shown},{body})'


def _binary(m, mx, c, places, lists) -> str:
    v = c["done"]
    return f'IF({v}="{YES}",{mx},IF({v}="{NO}",0,""))'


def _levels(m, mx, c, places, lists) -> str:
    v = c["level"]
    labels, points = lists["level"]
    return _blank_guard([v], f'IFERROR(INDEX({points},MATCH({v},{labels},0)),"")')


def _checklist(m, mx, c, places, lists) -> str:
    parts = "+".join(f'IF({c[item.id]}="{YES}",{num(item.points)},0)' for item in m.items)
    body = f"MIN({mx},{parts})"
    if m.when_blank == "zero":
        return body
    # Every item blank is "not entered" for the engine: show nothing rather than 0 points.
    refs = [c[item.id] for item in m.items]
    test = refs[0] + '=""' if len(refs) == 1 else "AND(" + ",".join(f'{r}=""' for r in refs) + ")"
    return f'IF({test},"",{body})'


def _count_deduction(m, mx, c, places, lists) -> str:
    lost = "".join(f"-N({c[kind.id]})*{num(kind.points_each)}" for kind in m.kinds)
    body = f"MAX(0,{mx}{lost})"
    if m.when_blank == "zero":
        return body
    # A blank count is "not entered": an empty template must not show full points.
    return _blank_guard([c[kind.id] for kind in m.kinds], body)


def _zero(m, mx: str) -> str:
    return {"not_applicable": f'"{NOT_APPLICABLE}"', "full_points": mx,
            "zero_points": "0"}[m.when_zero_denominator]


def _above_100(m, n: str, d: str, body: str) -> str:
    """Where the ruleset declares a ratio above 100% an error, the preview shows nothing."""
    return f'IF({n}>{d},"",{body})' if m.when_above_100 == "error" else body


def _linear_ratio(m, mx, c, places, lists) -> str:
    n, d = c["numerator"], c["denominator"]
    body = f"IF({d}=0,{_zero(m, mx)},ROUND(MIN({mx},{mx}*{n}*100/({d}*{num(m.target_percent)})),{places}))"
    return _blank_guard([n, d], _above_100(m, n, d, body))


def _percent_bands(m, mx, c, places, lists) -> str:
    n, d = c["numerator"], c["denominator"]
    bands = _thresholds([(f"{n}*100>={num(b.min_percent)}*{d}", b.points) for b in m.bands])
    return _blank_guard([n, d], _above_100(m, n, d, f"IF({d}=0,{_zero(m, mx)},{bands})"))


def _index_mapping(m, mx, c, places, lists) -> str:
    v = c["value"]
    if m.mapping == "linear":
        return _blank_guard([v], f"ROUND(MIN({mx},{mx}*{v}/{num(m.index_max)}),{places})")
    return _blank_guard([v], _thresholds([(f"{v}>={num(b.min)}", b.points) for b in m.bands]))


def _manual(m, mx, c, places, lists) -> str:
    v = c["points"]
    return f'IF({v}="","",{v})'


_BUILDERS: dict[str, Callable[..., str]] = {
    "binary": _binary, "levels": _levels, "checklist": _checklist,
    "count_deduction": _count_deduction, "linear_ratio": _linear_ratio,
    "percent_bands": _percent_bands, "index_mapping": _index_mapping, "manual": _manual,
    "appraiser_only": _manual,
}


def sum_formula(refs: list[str], cap: Decimal | None = None) -> str:
    """``=SUM(F5,F9,…)``, capped with MIN when the group is capped at its max."""
    body = f"SUM({','.join(refs)})" if refs else "0"
    return f"=MIN({num(cap)},{body})" if cap is not None else f"={body}"


def final_of(appraisal_ref: str, self_ref: str) -> str:
    """The stage that counts for a preview subtotal: the appraisal where given."""
    return f'IF({appraisal_ref}="",{self_ref},{appraisal_ref})'
