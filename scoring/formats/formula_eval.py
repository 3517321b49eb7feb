"""A small evaluator of the Excel formulas dvk writes into templates.

Used to store each formula's result in the workbooks dvk writes (:mod:`scoring.formats.cached`;
previews that do not calculate show those) and by the tests that check the formulas against the
engine.  Never used for scoring: the engine recomputes every point from the inputs.

It knows exactly the functions and operators :mod:`scoring.workbook.formulas` uses (IF, AND, OR,
MIN, MAX, SUM, N, ROUND, ROUNDDOWN, IFERROR, INDEX, MATCH, TRIM; + - * /; = <> < <= > >=; text in
quotes), with Excel's meaning where it matters here: an empty cell equals "", N("") is 0, ROUND
rounds half away from zero, a text compared with a number is greater than it, an error inside
IFERROR gives the fallback.  Numbers are Decimals, so results compare exactly with the engine's.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Callable

_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"(?:[^"]|"")*")|(?P<op><>|<=|>=|[-+*/=<>(),])'
                    r"|(?P<name>(?:'[^']*'!)?[$A-Za-z_][$A-Za-z0-9_.]*(?::[$A-Za-z0-9_]+)?))")


class FormulaError(Exception):
    """An Excel error value (#DIV/0!, #N/A, #VALUE!)."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"cannot read formula at {text[pos:]!r}")
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) != isinstance(b, str):  # Excel: any text is greater than any number
        a, b = (1, 0) if isinstance(a, str) else (0, 1)
    elif isinstance(a, str):
        a, b = a.casefold(), b.casefold()
    return {"=": a == b, "<>": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if value == "":
        return Decimal(0)  # an empty cell in arithmetic
    raise FormulaError("#VALUE!")


def _round(value: Any, places: Any, mode: str) -> Decimal:
    number = _number(value)
    q = Decimal(1).scaleb(-int(_number(places)))
    return number.quantize(q, rounding=mode)


class _Parser:
    def __init__(self, text: str, cells: dict[str, Any]):
        self.tokens, self.pos, self.cells = _tokens(text.lstrip("=")), 0, cells

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.tokens[self.pos]
        if value is not None and token[1] != value:
            raise ValueError(f"expected {value!r}, got {token[1]!r}")
        self.pos += 1
        return token

    # expression grammar: comparison < additive < multiplicative < unary < primary
    def expr(self) -> Callable[[], Any]:
        left = self.additive()
        token = self.peek()
        if token and token[1] in ("=", "<>", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.additive()
            return lambda: _compare(op, left(), right())
        return left

    def additive(self) -> Callable[[], Any]:
        node = self.term()
        while (token := self.peek()) and token[1] in "+-" and token[0] == "op":
            op, right, left = self.take()[1], self.term(), node
            node = (lambda l=left, r=right: _number(l()) + _number(r())) if op == "+" else \
                (lambda l=left, r=right: _number(l()) - _number(r()))
        return node

    def term(self) -> Callable[[], Any]:
        node = self.unary()
        while (token := self.peek()) and token[1] in "*/" and token[0] == "op":
            op, right, left = self.take()[1], self.unary(), node
            node = (lambda l=left, r=right: _number(l()) * _number(r())) if op == "*" else \
                (lambda l=left, r=right: _divide(l(), r()))
        return node

    def unary(self) -> Callable[[], Any]:
        if self.peek() == ("op", "-"):
            self.take()
            inner = self.unary()
            return lambda: -_number(inner())
        return self.primary()

    def primary(self) -> Callable[[], Any]:
        kind, value = self.take()
        if kind == "num":
            number = Decimal(value)
            return lambda: number
        if kind == "str":
            text = value[1:-1].replace('""', '"')
            return lambda: text
        if value == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if self.peek() == ("op", "("):
            return self.call(value.upper())
        cells = self.cells
        return lambda: cells.get(value, "")

    def call(self, name: str) -> Callable[[], Any]:
        self.take("(")
        args: list[Callable[[], Any]] = []
        while self.peek() != ("op", ")"):
            args.append(self.expr())
            if self.peek() == ("op", ","):
                self.take()
        self.take(")")
        return _FUNCTIONS[name](args)


def _divide(a: Any, b: Any) -> Decimal:
    if _number(b) == 0:
        raise FormulaError("#DIV/0!")
    return _number(a) / _number(b)


def _iferror(args):
    def run():
        try:
            return args[0]()
        except FormulaError:
            return args[1]()
    return run


def _match(args):
    def run():
        wanted, options = args[0](), args[1]()
        for i, option in enumerate(options, start=1):
            if _compare("=", wanted, option):
                return Decimal(i)
        raise FormulaError("#N/A")
    return run


_FUNCTIONS: dict[str, Callable[[list[Callable[[], Any]]], Callable[[], Any]]] = {
    "IF": lambda a: lambda: a[1]() if a[0]() else (a[2]() if len(a) > 2 else False),
    "AND": lambda a: lambda: all(x() for x in a),
    "OR": lambda a: lambda: any(x() for x in a),
    "MIN": lambda a: lambda: min(_number(x()) for x in a),
    "MAX": lambda a: lambda: max(_number(x()) for x in a),
    "SUM": lambda a: lambda: sum((_number(x()) for x in a), Decimal(0)),
    "N": lambda a: lambda: (lambda v: v if isinstance(v, Decimal) else Decimal(0))(a[0]()),
    "ROUND": lambda a: lambda: _round(a[0](), a[1](), ROUND_HALF_UP),
    "ROUNDDOWN": lambda a: lambda: _round(a[0](), a[1](), ROUND_DOWN),
    "IFERROR": _iferror,
    "INDEX": lambda a: lambda: a[0]()[int(_number(a[1]())) - 1],
    "MATCH": _match,
    # Excel's TRIM: spaces (only U+0020) off both ends, inner runs down to one
    "TRIM": lambda a: lambda: " ".join(part for part in _text(a[0]()).split(" ") if part),
}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else f"{value}"


def evaluate(formula: str, cells: dict[str, Any]) -> Any:
    """The value of ``formula`` (with or without its "="); ``cells`` maps a reference (or a range
    name) to its value: a Decimal, a text, or a list for a range; a missing cell is empty ("")."""
    parser = _Parser(formula, cells)
    run = parser.expr()
    if parser.peek() is not None:
        raise ValueError(f"unread tokens in {formula!r}")
    return run()
