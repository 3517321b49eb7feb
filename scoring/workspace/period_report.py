"""``dvk bao-cao so-ket`` / ``tong-ket``: the figures of the 6-month or year-end report of a year,
gathered from the workspace, and the report written from them
(:mod:`scoring.reports.period` words it, :mod:`scoring.reports.docx.period` lays it out).

The period: the first half of the year (sơ kết, to 30/6 23:59 Vietnam time) or the whole year
(tổng kết).  What is counted:

- documents: the fixed-date documents of every round of the year due within the period, each
  unit's state now (:func:`scoring.workspace.duestate.unit_documents`, the one rule of on time,
  late, missing and not yet due);
- rounds: for sơ kết the year's rounds of period "6-thang" and the "dot-xuat" rounds whose
  submission deadline (their creation, without one) falls in the first half; for tổng kết every
  round of the year.  A published round's figures are its current publication's — read from its
  ``ket-qua.json`` (checked against the SHA-256 its record keeps), summarised by
  :func:`scoring.jobs.offices.summarize` as a lower office's are: nothing is scored again; a round
  not yet published is named with its state only;
- QCDC or DVCQ: a round is a QCDC one when its ruleset's id is one of ``qcdc`` (``--qcdc``), or,
  without that list, when the id begins with "qcdc" or the title says "dân chủ ở cơ sở";
- models: the register given (a :class:`~scoring.models_dvk.model.Register` from files), else the
  workspace's own register of the year; its models registered by the period's end, per field:
  all (registered), past registration
  (deployed: triển khai, đánh giá, recognised or not), recognised, and replicating another's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.reports.period import (
    BEST,
    SO_KET,
    TONG_KET,
    DocumentLine,
    ModelLine,
    ModelsPart,
    PeriodReport,
    RoundLine,
)
from scoring.workspace.store import Workspace, now

KINDS = (SO_KET, TONG_KET)
QCDC_PREFIX = "qcdc"
QCDC_WORDS = "dân chủ ở cơ sở"


def write_period_report(ws: Workspace, kind: str, year: int, path: Path, register: Any = None,
                        profile: Any = None, qcdc: Iterable[str] = (), office: str | None = None) -> Path:
    """Write the report of ``year`` (``kind``: :data:`KINDS`) to ``path``, whole or absent;
    ``register``: the model register (None: the workspace's own; section IV says when there is
    none); ``profile``: the issuing profile (None: the newest round of the year's, dated today)."""
    from scoring.formats.files import output_file
    from scoring.reports.docx.period import write_period_report as write_docx

    report = period_report(ws, kind, year, register, profile, qcdc, office=office)
    with output_file(path) as tmp:
        write_docx(report, tmp)
    return Path(path)


def period_report(ws: Workspace, kind: str, year: int, register: Any = None, profile: Any = None,
                  qcdc: Iterable[str] = (), at: dt.datetime | None = None, office: str | None = None) -> PeriodReport:
    """The report's figures (see the module doc); ``period-no-rounds`` when the year has no round.
    ``office``: the code of the office whose rounds it reports (None: the workspace's own office's).
    ``register`` None: the workspace's own of the year as it stood at the period's end
    (:func:`~scoring.workspace.modelbook.chosen_register`)."""
    from scoring.workspace.modelbook import chosen_register
    from scoring.workspace.models import Round
    from scoring.workspace.offices import office_rounds_filter
    from scoring.workspace.publication import round_profile
    from scoring.workspace.rounds import VN, shown_time

    at = at or now()
    end = _period_end(kind, year)
    register = chosen_register(year, register, as_of=end.astimezone(VN).date())
    rounds = list(Round.objects.filter(year=year, **office_rounds_filter(office))
                  .select_related("ruleset", "current_publication").order_by("created_at", "id"))
    if not rounds:
        raise DvkError([make("period-no-rounds", Location(), year=year,
                             kind="sơ kết 6 tháng" if kind == SO_KET else "tổng kết năm")])
    chosen = [r for r in rounds if _in_period(r, kind, end)]
    wanted = {q.strip().casefold() for q in qcdc if q.strip()}
    lines = [_round_line(ws, r) for r in chosen]
    is_qcdc = [_is_qcdc(r.ruleset, wanted) for r in chosen]
    if profile is None:
        newest = next((r for r in reversed(rounds) if r.profile), rounds[-1])
        profile = round_profile(newest, at)
    rule = (f"bộ tiêu chí của đợt có mã {', '.join(sorted(wanted))}" if wanted else
            f"mã bộ tiêu chí bắt đầu bằng \"{QCDC_PREFIX}\" hoặc tên bộ tiêu chí có cụm \"{QCDC_WORDS}\"")
    return PeriodReport(
        kind, year, shown_time(at), tuple(d for r in rounds for d in _documents(r, end, at)),
        tuple(line for line, q in zip(lines, is_qcdc) if not q), tuple(line for line, q in zip(lines, is_qcdc) if q),
        rule, None if register is None else models_part(register, end.astimezone(VN).date()), profile)


def _period_end(kind: str, year: int) -> dt.datetime:
    from scoring.workspace.rounds import VN

    if kind not in KINDS:
        raise ValueError(kind)
    month, day = (6, 30) if kind == SO_KET else (12, 31)
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=VN)


def _in_period(round_, kind: str, end: dt.datetime) -> bool:
    """Whether the round's results belong to the report (see the module doc)."""
    from scoring.workspace.rounds import deadline

    if kind == TONG_KET or round_.period == "6-thang":
        return True
    if round_.period != "dot-xuat":
        return False
    return (deadline(round_) or round_.created_at) <= end


def _is_qcdc(ruleset, wanted: set[str]) -> bool:
    """Whether a round's stored ruleset (``RulesetVersion``) is a QCDC one (see the module doc)."""
    if wanted:
        return ruleset.ruleset_id.casefold() in wanted
    return ruleset.ruleset_id.casefold().startswith(QCDC_PREFIX) or QCDC_WORDS in ruleset.title.casefold()


def _documents(round_, end: dt.datetime, at: dt.datetime) -> list[DocumentLine]:
    """The round's documents due by ``end``, with how many units stand in each state at ``at``."""
    from scoring.workspace.duestate import (
        LATE,
        MISSING,
        ON_TIME,
        PENDING,
        summary,
        unit_documents,
    )
    from scoring.workspace.rounds import shown_deadline

    units = unit_documents(round_, at=at, names={})
    named: dict[tuple[str, str], list[str]] = {}
    for u in units:
        for d in u.documents:
            named.setdefault((d.code, d.state), []).append(f"{u.name} ({u.code})")
    return [DocumentLine(round_.code, code, name, shown_deadline(due), sum(counts.values()), counts[ON_TIME],
                         counts[LATE], counts[MISSING], counts[PENDING], tuple(named.get((code, LATE), ())),
                         tuple(named.get((code, MISSING), ()))) for code, name, due, counts in summary(units) if due <= end]


def _round_line(ws: Workspace, round_) -> RoundLine:
    """The round's published figures (its current publication), or its state when unpublished."""
    from scoring.jobs.offices import OfficeRound, summarize
    from scoring.workspace.rounds import VN, ruleset_of

    stored = round_.ruleset
    ruleset = f"{stored.ruleset_id} {stored.version}"
    state = dict(round_.STATES)[round_.state]
    publication = round_.current_publication
    if publication is None:
        return RoundLine(round_.code, round_.name, state, ruleset)
    results = published_results(ws, round_, publication)
    s = summarize(OfficeRound("", round_.code, publication.number, publication.at.isoformat(), results))
    units = sorted(results.units.values(), key=lambda u: (u.overall_rank is None, u.overall_rank or 0, u.code))
    best = tuple((f"{u.name} ({u.code})", u.percent) for u in units[:BEST] if u.overall_rank is not None)
    classification = ruleset_of(round_).classification
    weak = []
    for label in (classification.bands[-1].label, classification.not_classified_label):
        named = tuple(f"{u.name} ({u.code})" for u in units if u.band_label == label)
        if named:
            weak.append((label, named))
    return RoundLine(round_.code, round_.name, state, ruleset, publication.number,
                     publication.at.astimezone(VN).strftime("%d/%m/%Y"), s.roster, s.counted,
                     tuple(s.classes.items()), s.mean_percent, s.submission_rate, best,
                     tuple(f"{name} ({code})" for code, name in results.missing_units), tuple(weak))


def published_results(ws: Workspace, round_, publication) -> Any:
    """The publication's results (:class:`scoring.jobs.compare.Round`), its ``ket-qua.json`` as
    published (``period-publication-altered`` when its SHA-256 differs from the record's)."""
    from scoring.jobs.compare import read_results_file
    from scoring.reports import JSON_NAME
    from scoring.workspace.backup import unaltered

    folder = ws.root / publication.folder
    path = unaltered(publication, folder, JSON_NAME)
    if path is None:
        raise DvkError([make("period-publication-altered", Location(file=str(folder / JSON_NAME)),
                             round=round_.code, number=publication.number)])
    return read_results_file(path, round_.code)


def models_part(register, end: dt.date) -> ModelsPart:
    """The register's models registered by ``end``, counted per field (fields in the guidance's
    order; a field without a model is left out)."""
    from scoring.models_dvk.model import FIELDS

    models = [m for m in register.models if m.registered_on <= end]
    counts: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for m in models:
        c = counts[m.field]
        c["registered"] += 1
        c["deployed"] += m.status != "dang_ky"
        c["recognised"] += m.recognised
        c["replicated"] += m.replicates is not None
    lines = tuple(ModelLine(FIELDS[f], c["registered"], c["deployed"], c["recognised"], c["replicated"])
                  for f, c in counts.items() if c["registered"])
    files = sorted({m.where.file for m in register.models if m.where.file})
    return ModelsPart(lines, "Sổ đăng ký mô hình " + (", ".join(files) if files else "đã nạp"))
