"""Findings: every problem dvk reports is data with a stable code, a location and a message.

A finding is built from a code registered in :data:`CATALOG` (severity + Vietnamese message
template) and the parameters of that template.  Nothing is raised while checking: callers collect
findings and decide afterwards (see :class:`DvkError` for the boundary to the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file, a sheet and cell, a criterion id or a JSON path."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    criterion_id: str | None = None
    json_path: str | None = None
    #: For input problems: the stage ("self"/"appraisal") and the method's field key, which a
    #: workbook reader maps to a cell (see ``scoring.intake.pipeline``).
    stage: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(f"trang tính '{self.sheet}'")
        if self.json_path:
            parts.append(self.json_path)
        if self.criterion_id:
            parts.append(f"tiêu chí {self.criterion_id}")
        return ", ".join(parts) or "-"

    def merged(self, other: Location) -> Location:
        """This location with the empty parts filled in from ``other``."""
        values = {
            name: getattr(self, name) or getattr(other, name)
            for name in ("file", "sheet", "cell", "criterion_id", "json_path", "stage", "field")
        }
        return Location(**values)


@dataclass(frozen=True)
class FindingType:
    severity: Severity
    template: str


@dataclass(frozen=True)
class Finding:
    """One located problem: stable ``code``, ``severity``, rendered Vietnamese ``message``."""

    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, **parts: Any) -> Finding:
        """A copy whose empty location parts are filled from ``parts``."""
        return replace(self, location=self.location.merged(Location(**parts)))

    def __str__(self) -> str:
        label = "LỖI" if self.is_error else "CẢNH BÁO"
        where = str(self.location)
        if where == "-":  # nowhere in a file (a round's state, a command's argument): say none
            return f"{label} [{self.code}]: {self.message}"
        return f"{label} [{self.code}] {where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        loc = {k: v for k, v in vars(self.location).items() if v is not None}
        return {"code": self.code, "severity": self.severity, "message": self.message, **loc}


CATALOG: dict[str, FindingType] = {}


def register(code: str, severity: Severity, template: str) -> None:
    """Register a finding code; codes are stable and never reused for another meaning."""
    if code in CATALOG:
        raise ValueError(f"finding code registered twice: {code}")
    CATALOG[code] = FindingType(severity, template)


def make(code: str, location: Location | None = None, **params: Any) -> Finding:
    """Build a finding from its registered code and template parameters."""
    kind = CATALOG[code]
    return Finding(code, kind.severity, kind.template.format(**params), location or Location())


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


class DvkError(Exception):
    """Bad input: carries every finding that made the input unusable (CLI exit code 1)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))
