"""``bao-cao.docx``: the round's report laid out by Nghị định 30/2020/NĐ-CP, ready to sign.

:func:`write_bao_cao` is the library entry point (``dvk rank`` and a round's publication call it):
the ranked results, the issuing profile (:mod:`scoring.reports.profile`) and, when there is one,
the batch (files read and rejected).  python-docx is imported only when this package is, which
the CLI does only while writing reports.

Layout: the Decree 30 header (:mod:`.frame`), the title, the illustrative ruleset's warning in a
box when it applies, the body written from the round (:mod:`.body`), "Nơi nhận" and the signature
block, then the full ranking as an appendix in a landscape section (:mod:`.appendix`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.engine.proposal import RewardProposal
from scoring.engine.ranking import Ranking
from scoring.intake.batch import Batch
from scoring.reports.assessment import Assessment, Earlier
from scoring.reports.correction import title_words
from scoring.reports.profile import Profile
from scoring.reports.roll import RoundRoll
from scoring.rules.models import Ruleset

DOCX_NAME = "bao-cao.docx"
KIND = "BÁO CÁO"


@dataclass(frozen=True)
class Facts:
    """What the body says about the round, gathered once from the ruleset, ranking and batch."""

    ruleset: Ruleset
    ranking: Ranking
    source: str
    counts: dict[str, int]
    rejected: tuple[tuple[str, str], ...]
    year: int | None
    roll: RoundRoll | None = None  # a round's missing and late units (none for ``dvk rank``)


def summary_line(year: int | None) -> str:
    """The document's trích yếu (summary line)."""
    text = "Kết quả đánh giá, phân loại công tác dân vận"
    return f"{text} năm {year}" if year else text


def gather(ruleset: Ruleset, ranking: Ranking, batch: Batch | None, roll: RoundRoll | None = None) -> Facts:
    """The round's facts; without a batch every ranked unit counts as one accepted file."""
    units = len(ranking.overall)
    if batch is None:
        counts = {"files": units, "accepted": units, "rejected": 0, "skipped": 0}
        rejected: tuple[tuple[str, str], ...] = ()
        year = ranking.overall[0].result.year if ranking.overall else None
    else:
        counts = {"files": len(batch.files), "accepted": len(batch.accepted), "rejected": len(batch.rejected),
                  "skipped": len(batch.skipped)}
        rejected = tuple((r.file, _first_reason(r)) for r in batch.rejected)
        year = batch.year
    return Facts(ruleset, ranking, basis(ruleset), counts, rejected, year, roll)


def basis(ruleset: Ruleset) -> str:
    """The decision the assessment followed, as the opening clause of the report."""
    d = ruleset.decision
    decision = f"Quyết định số {d.number} ngày {d.date:%d/%m/%Y} của {d.issuer}"
    if d.relation == "encodes":
        return f"Thực hiện {decision}"
    return f"Trên cơ sở bộ tiêu chí mô phỏng theo cấu trúc {decision}"


def build_document(ruleset: Ruleset, ranking: Ranking, profile: Profile | None = None,
                   batch: Batch | None = None, images: list[Path] | None = None,
                   roll: RoundRoll | None = None, proposal: RewardProposal | None = None,
                   previous: Earlier | None = None, assessment: Assessment | None = None) -> Any:
    """The report as a python-docx ``Document`` (not yet saved); ``images``: the chart PNGs
    written beside it, the ranking and class charts of which end the appendix; ``roll``: a
    round's missing and late units, said in section I; ``proposal``: the reward proposal and
    ``previous``: last round's classes, said in section VII (``assessment``: that section's
    general assessment, when the caller has it already)."""
    import docx

    from scoring.reports.docx import body, frame
    from scoring.reports.docx.appendix import appendix
    from scoring.reports.docx.figures import figures, report_charts
    from scoring.reports.docx.layout import setup_document
    from scoring.reports.assessment import assess

    profile = profile or Profile()
    facts = gather(ruleset, ranking, batch, roll)
    assessment = assessment or assess(ranking, previous)
    summary = summary_line(facts.year)
    doc = docx.Document()
    setup_document(doc)
    frame.header(doc, profile)
    title = summary + title_words(roll.correction if roll else None)  # "… (đính chính lần 1)"
    frame.title(doc, KIND, title)
    if ruleset.status == "illustrative":
        frame.notice(doc, f"LƯU Ý: {ruleset.status_note or 'bộ tiêu chí minh họa, không phải số liệu của văn bản chính thức.'}")
    office = profile.co_quan_ban_hanh or "cơ quan"
    body.line(doc, f"{facts.source}, {office} báo cáo {summary[0].lower()}{summary[1:]} như sau:")
    body.scope(doc, facts)
    body.classes(doc, ranking)
    body.leaders(doc, ranking)
    body.exceptions(doc, ranking)
    body.overclaims(doc, ranking, roll)
    body.rejected(doc, facts)
    body.proposals(doc, office, assessment, proposal)
    frame.signature(doc, profile)
    appendix(doc, ranking, profile, summary, assessment)
    figures(doc, report_charts(ranking, images or []))
    _properties(doc, title, profile)
    return doc


def write_bao_cao(path: Path, ruleset: Ruleset, ranking: Ranking, profile: Profile | None = None, *,
                  batch: Batch | None = None, images: list[Path] | None = None,
                  roll: RoundRoll | None = None, proposal: RewardProposal | None = None,
                  previous: Earlier | None = None, assessment: Assessment | None = None) -> Path:
    """Write the report to ``path`` (the caller publishes it atomically); return ``path``.
    ``images``: the chart PNGs of :func:`scoring.reports.charts.write_charts` to include;
    ``roll``: a round's missing and late units; ``proposal``, ``previous``, ``assessment``: see
    :func:`build_document`."""
    from scoring.reports.docx.grid import save

    return save(build_document(ruleset, ranking, profile, batch, images, roll, proposal, previous, assessment),
                Path(path))


def _first_reason(rejected) -> str:
    findings = rejected.reasons or rejected.findings
    return findings[0].message if findings else ""


_FIXED_MOMENT = dt.datetime(2025, 1, 1)


def _properties(doc, summary: str, profile: Profile) -> None:
    """Document properties a file manager shows; the author is the office, not the program."""
    core = doc.core_properties
    core.title = f"{KIND} {summary}"
    core.author = profile.co_quan_ban_hanh or ""
    core.last_modified_by = core.author
    core.created = core.modified = _FIXED_MOMENT  # same round, same bytes
    core.comments = ""
