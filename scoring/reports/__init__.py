"""Writing a ranking round's reports into one folder, whole or not at all.

File names are stable (Vietnamese, without diacritics):

- ``xep-hang.xlsx``: the published table (overall and one sheet per block), the unit × criterion
  matrix, self vs appraisal (per unit and per criterion), rejected files, warnings, "Thông tin";
- ``xep-hang.csv``, ``xep-hang-<block id>.csv``, ``ma-tran-tieu-chi.csv``, ``tu-cham-tham-dinh.csv``,
  ``chenh-lech-tieu-chi.csv``, ``tep-bi-loai.csv``, ``canh-bao.csv``: the same tables as CSV;
- ``bieu-do-*.png``: charts (see :mod:`scoring.reports.charts`);
- ``bao-cao.html``: a self-contained summary page;
- ``bao-cao.docx``: the report laid out by Decree 30/2020, ready to sign (:mod:`scoring.reports.docx`),
  and ``bao-cao.pdf`` when asked for (LibreOffice);
- ``ket-qua.json``: every result with ranks and rejected files (read by ``dvk compare``);
- for a round (``roll`` given): ``chua-nop-nop-muon.csv`` and its sheet, the roster's missing and
  late units, also named in ``ket-qua.json`` (``"roster"``), ``bao-cao.html`` and ``bao-cao.docx``.

Everything is built in a hidden temporary folder next to ``out_dir`` and swapped in by directory
renames only when all of it was written (:mod:`scoring.core.publish`); an existing output is replaced
only on success, whole.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from scoring.core.publish import publish
from scoring.engine.proposal import RewardProposal
from scoring.engine.ranking import Ranking
from scoring.intake.batch import Batch
from scoring.reports import codes  # noqa: F401  (registers the finding codes this package declares)
from scoring.rules.models import Ruleset

if TYPE_CHECKING:
    from scoring.reports.assessment import Assessment, Earlier
    from scoring.reports.profile import Profile
    from scoring.reports.roll import RoundRoll

__all__ = ["OWNED_PATTERNS", "publish", "write_reports"]

XLSX_NAME = "xep-hang.xlsx"
HTML_NAME = "bao-cao.html"
DOCX_NAME = "bao-cao.docx"
PDF_NAME = "bao-cao.pdf"
JSON_NAME = "ket-qua.json"
#: Names this module writes; older files matching them are removed when a new round is published.
OWNED_PATTERNS = ("xep-hang*.xlsx", "xep-hang*.csv", "ma-tran-tieu-chi.csv", "tu-cham-tham-dinh.csv",
                  "chenh-lech-tieu-chi.csv", "tep-bi-loai.csv", "canh-bao.csv", "chua-nop-nop-muon.csv",
                  "bieu-do-*.png", "dinh-chinh.csv",
                  HTML_NAME, JSON_NAME, DOCX_NAME, PDF_NAME, "de-nghi-khen-thuong.xlsx",
                  "de-nghi-khen-thuong.csv", "khong-de-nghi-khen-thuong.csv")


def write_reports(ruleset: Ruleset, batch: Batch, ranking: Ranking, out_dir: Path, *,
                  charts: bool = True, proposal: RewardProposal | None = None, profile: Profile | None = None,
                  pdf: bool = False, roll: RoundRoll | None = None, previous: Earlier | None = None,
                  more: Callable[[Path], list[Path]] | None = None) -> list[Path]:
    """Write every report into ``out_dir`` atomically; return the paths written (sorted).

    Reports compute nothing: they are handed what they print.  ``proposal`` is the reward
    proposal (:func:`scoring.jobs.rewards.propose_rewards`), written as its own list when given.
    ``profile`` names the issuing body and signer of ``bao-cao.docx`` (placeholders without it);
    ``pdf`` also writes ``bao-cao.pdf`` through LibreOffice.  ``roll``: a round's missing and
    late units (:mod:`scoring.reports.roll`), printed by every report when given (``dvk rank``
    has no roster and gives none).  ``previous``: last round's classes, whose change the general
    assessment states (:mod:`scoring.reports.assessment`).  ``more`` writes the caller's own files
    into the same folder (a round's source list), so that they appear with the reports or not at
    all.  Every document of the run carries one date: the profile's, or today (:func:`dated`).
    """
    profile = dated(profile)

    def build(tmp: Path) -> list[Path]:
        from scoring.reports.assessment import assess
        from scoring.reports.csv import write_csv
        from scoring.reports.html import write_html
        from scoring.reports.json import write_json
        from scoring.reports.tables import build_tables
        from scoring.reports.xlsx import write_xlsx

        tables = build_tables(ruleset, batch, ranking, roll)
        paths = [write_xlsx(tmp / XLSX_NAME, ruleset, batch, ranking, tables, profile, roll)]
        paths += [write_csv(tmp / f"{table.key}.csv", table) for table in tables]
        images = _charts(tmp, ruleset, ranking) if charts else []
        paths += images
        assessment = assess(ranking, previous)  # once for the HTML and the docx, which both state it
        paths.append(write_html(tmp / HTML_NAME, ruleset, batch, ranking, images, profile, roll, proposal,
                                assessment=assessment))
        paths.append(write_json(tmp / JSON_NAME, ruleset, batch, ranking, roll))
        paths += _report(tmp, ruleset, batch, ranking, profile, pdf, images, roll, proposal, assessment)
        return paths + _rewards(tmp, ruleset, batch, proposal, profile) + (more(tmp) if more else [])

    return publish(Path(out_dir), build, OWNED_PATTERNS)


def dated(profile: Profile | None, today: date | None = None) -> Profile:
    """The profile with its date filled (today when it names none): the docx's date line and the
    HTML's "Lập ngày" say the same day."""
    from scoring.reports.profile import Profile

    profile = profile or Profile()
    return profile if profile.ngay else replace(profile, ngay=today or date.today())


def _rewards(tmp: Path, ruleset: Ruleset, batch: Batch, proposal: RewardProposal | None,
             profile: Profile | None) -> list[Path]:
    if proposal is None:
        return []
    from scoring.reports.rewards import write_proposal
    from scoring.reports.xlsx import source_line, subtitle

    illustrative = ruleset.status == "illustrative"
    # One short second line (the full status note would shrink the printed page to fit it).
    second = "BỘ TIÊU CHÍ MINH HỌA: số liệu chưa phải của văn bản chính thức" if illustrative else source_line(ruleset)
    return write_proposal(tmp, proposal, (subtitle(ruleset, batch.year), second), warn=illustrative,
                          profile=profile)


def _charts(tmp: Path, ruleset: Ruleset, ranking: Ranking) -> list[Path]:
    from scoring.reports.charts import class_thresholds, write_charts

    return write_charts(tmp, ranking, class_thresholds(ruleset))


def _report(tmp: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking, profile: Profile | None,
            pdf: bool, images: list[Path], roll: RoundRoll | None,
            proposal: RewardProposal | None, assessment: Assessment) -> list[Path]:
    from scoring.reports.docx import write_bao_cao

    written = [write_bao_cao(tmp / DOCX_NAME, ruleset, ranking, profile, batch=batch, images=images, roll=roll,
                             proposal=proposal, assessment=assessment)]
    if pdf:
        from scoring.reports.pdf import to_pdf

        written.append(to_pdf(written[0], tmp))
    return written
