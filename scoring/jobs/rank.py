"""``dvk rank`` as one library call: batch, ranking, every report and a printable summary.

Kept apart from :mod:`scoring.intake.batch` so that the reports (which describe a batch) and the batch
(which reads files) do not import each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.intake.batch import Batch, Rejected, collector_paused, run_batch
from scoring.rules.models import Ruleset


@dataclass(frozen=True)
class RankSummary:
    """What ``dvk rank`` prints and how it exits: 0 all accepted, 3 some rejected, 1 none."""

    accepted: int
    rejected: tuple[Rejected, ...]
    outputs: tuple[Path, ...]
    lines: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        if self.accepted == 0:
            return 1
        return 3 if self.rejected else 0


def run_rank(ruleset: Ruleset, inputs: list[Path], out_dir: Path, *, jobs: int | None = None,
             progress: bool = False, prefer: str | None = None,
             engine: str = "calamine", models: Any = None, profile: Any = None,
             pdf: bool = False, previous: Any = None) -> RankSummary:
    """Batch, rank and write every report into ``out_dir``; nothing is written if none is accepted.

    ``models``: a "Dân vận khéo" model register (:class:`scoring.models_dvk.model.Register`); the
    ruleset's model inputs are then taken from it, and its individuals can be proposed for rewards.
    ``profile`` (:class:`scoring.reports.profile.Profile`), ``pdf`` and ``previous`` (last round's
    classes, :func:`scoring.jobs.compare.earlier_round`): see ``write_reports``.
    """
    from scoring.engine.ranking import rank
    from scoring.jobs.rewards import propose_rewards
    from scoring.reports import write_reports

    refuse_overlap(inputs, out_dir)
    with collector_paused():
        batch = run_batch(ruleset, inputs, jobs=jobs, progress=progress, prefer=prefer, engine=engine,
                          exclude=[out_dir])
        if models is not None:
            from scoring.models_dvk.score import rescore_with_models

            batch = rescore_with_models(ruleset, batch, models)
        ranking = rank(ruleset, list(batch.accepted))
        proposal = propose_rewards(ruleset, ranking, models)
        outputs = write_reports(ruleset, batch, ranking, Path(out_dir), proposal=proposal, profile=profile,
                                pdf=pdf, previous=previous) if batch.accepted else []
    return RankSummary(len(batch.accepted), batch.rejected, tuple(outputs),
                       tuple(summary_lines(ruleset, batch, ranking, out_dir, bool(outputs))))


def refuse_overlap(inputs: list[Path], out_dir: Path) -> None:
    """Raise ``output-contains-inputs`` when an input is ``out_dir`` or lies inside it.

    (An output folder inside an input folder is fine: the walk leaves it out.)
    """
    out = os.path.realpath(out_dir)
    for path in inputs:
        real = os.path.realpath(path)
        if real == out or real.startswith(out.rstrip(os.sep) + os.sep):
            raise DvkError([make("output-contains-inputs", Location(file=str(out_dir)), out=out_dir,
                                 input=path)])


def skipped_lines(batch: Batch) -> list[str]:
    """One line per kind of skipped folder entry; unusual entries (links, FIFOs…) each named."""
    from scoring.intake.collect import skip_lines

    return skip_lines(batch.skip_reasons)


def summary_lines(ruleset: Ruleset, batch: Batch, ranking: Any, out_dir: Path, written: bool) -> list[str]:
    """The Vietnamese summary ``dvk rank`` prints."""
    lines = [f"Bộ tiêu chí: {ruleset.title} (phiên bản {ruleset.version})",
             f"Đã đọc {len(batch.files)} tệp: nhận {len(batch.accepted)}, loại {len(batch.rejected)}."]
    if ruleset.status == "illustrative":
        lines.append("LƯU Ý: bộ tiêu chí minh họa, không phải số liệu của văn bản chính thức.")
    lines += skipped_lines(batch)
    lines += list(batch.notes)
    for block in ranking.blocks:
        counts = ", ".join(f"{label} {n}" for label, n in ranking.class_counts(block).items() if n)
        lines.append(f"{block.name}: {len(block.units)} đơn vị ({counts or 'không có'}).")
    if ranking.demoted:
        lines.append(f"{len(ranking.demoted)} đơn vị bị chuyển xếp loại do vượt hạn mức.")
    for rejected in batch.rejected:
        lines.append(f"LOẠI {rejected.file}:")
        lines += [f"  {finding}" for finding in rejected.reasons]
    if written:
        # (the CSVs keep a decimal point for programs: a Vietnamese Excel opens them in one column)
        lines.append("Mở các bảng bằng Excel: tệp xep-hang.xlsx (mỗi bảng một trang tính); "
                     "các tệp .csv dành cho chương trình khác đọc.")
        lines.append(f"Kết quả đã ghi vào thư mục {out_dir}.")
    else:
        lines.append("Không có tệp nào hợp lệ: không ghi kết quả.")
    return lines
