"""``dvk thi-dua de-xuat``: the year's emulation proposal from the workspace's rounds and a model
register, written as a list (xlsx) and a Tờ trình (docx) into one folder, whole or not at all.

Each round's results are what its publication prints (:func:`scoring.workspace.results.round_ranking`);
only a round whose results are settled is taken — final (``Đã chốt kết quả``) or published — and
any other is refused with a finding naming it (a proposal never rests on results that may still
change; a round reopened for a correction waits for its corrected publication).  The rounds are
matched to the kinds the rules declare by their ruleset's id; without ``round_codes``, every
round of the year whose ruleset a kind names is taken.

The model register is a parameter (a :class:`~scoring.models_dvk.model.Register`, read from files
by the CLI or kept in the workspace), so either source fits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.workspace.store import Workspace, now

#: The states whose results are settled.
SETTLED = ("final", "published")


@dataclass(frozen=True)
class EmulationOutcome:
    """The proposal and the files written."""

    proposal: Any  # scoring.engine.emulation.EmulationProposal
    written: list[Path]


def emulation_proposal(rules, year: int, round_codes: Sequence[str], register: Any, office: str | None = None):
    """The proposal of ``year`` by ``rules`` (:class:`~scoring.rules.emulation.EmulationRules`)
    over the rounds ``round_codes`` (none given: the year's rounds of the declared rulesets) and
    the model register (None: the workspace's own of the year, :func:`~scoring.workspace.modelbook.chosen_register`);
    ``office``: the code of the office whose rounds are taken when none is named (None: the
    workspace's own office's).
    Raises :class:`DvkError` naming every round refused and every class the rules name that a
    round's ruleset does not have."""
    from scoring.jobs.emulation import RoundResults, propose_emulation
    from scoring.rules.emulation import lint_classes
    from scoring.workspace.modelbook import chosen_register
    from scoring.workspace.results import round_ranking

    register = chosen_register(year, register)
    chosen = _rounds(rules, year, round_codes, office)
    findings: list[Finding] = []
    if register is None:
        findings += [make("emulation-needs-register", Location(json_path=f"$.rules[{i}]"), rule=r.id)
                     for i, r in enumerate(rules.rules) if r.subject == "individual" or r.models is not None]
    ranked = {kind: round_ranking(round_) for kind, round_ in chosen.items()}
    findings += lint_classes(rules, {kind: tuple(b.id for b in ruleset.classification.bands)
                                     for kind, (ruleset, _batch, _ranking) in ranked.items()})
    if findings:
        raise DvkError(findings)
    rounds = [RoundResults(_ref(kind, rules, chosen[kind]), ranked[kind][0], ranked[kind][2])
              for kind in (k.id for k in rules.rounds)]
    return propose_emulation(rules, rounds, register, year)


def write_emulation(ws: Workspace, rules_path: Path, year: int, round_codes: Sequence[str], register: Any,
                    out_dir: Path, profile_path: Path | None = None, office: str | None = None) -> EmulationOutcome:
    """Write ``danh-sach-de-nghi-khen-thuong.xlsx`` and ``to-trinh-de-nghi-khen-thuong.docx`` into
    ``out_dir`` (whole or absent; only files dvk wrote there are replaced).  The Tờ trình's issuing
    body and signer: ``profile_path`` (as ``dvk rank --ho-so``), else the first round's profile,
    dated today and numbered as a Tờ trình ("/TTr-")."""
    from scoring.core.publish import publish
    from scoring.reports.docx.submission import DOCX_NAME, write_submission
    from scoring.reports.emulation import XLSX_NAME, write_list
    from scoring.rules.emulation import load_emulation

    rules = load_emulation(rules_path)
    profile = _given_profile(profile_path)  # a mistake in it said before any work
    proposal = emulation_proposal(rules, year, round_codes, register, office)
    if profile is None:
        profile = _round_profile(proposal.rounds[0].code)

    def build(tmp: Path) -> list[Path]:
        return [write_list(tmp / XLSX_NAME, proposal, profile), write_submission(tmp / DOCX_NAME, proposal, profile)]

    return EmulationOutcome(proposal, publish(Path(out_dir), build, (XLSX_NAME, DOCX_NAME)))


def _rounds(rules, year: int, codes: Sequence[str], office: str | None = None) -> dict[str, Any]:
    """Declared kind id → its round; every refusal at once."""
    from scoring.workspace.models import Round
    from scoring.workspace.offices import office_rounds_filter
    from scoring.workspace.rounds import find_round

    kinds = {ruleset: kind.id for kind in rules.rounds for ruleset in kind.rulesets}
    if codes:
        given = [find_round(code) for code in dict.fromkeys(codes)]
    else:
        given = list(Round.objects.filter(year=year, ruleset__ruleset_id__in=list(kinds), **office_rounds_filter(office))
                     .select_related("ruleset", "current_publication").order_by("code"))
    findings: list[Finding] = []
    chosen: dict[str, Any] = {}
    for round_ in given:
        kind = kinds.get(round_.ruleset.ruleset_id)
        if kind is None:
            findings.append(make("emulation-round-unmatched", Location(), round=round_.code,
                                 ruleset=round_.ruleset.ruleset_id, known=", ".join(kinds)))
        elif round_.year != year:
            findings.append(make("emulation-round-year", Location(), round=round_.code, year=round_.year, wanted=year))
        elif round_.state not in SETTLED:
            findings.append(make("emulation-round-not-final", Location(), round=round_.code, state=_state(round_)))
        elif kind in chosen:
            findings.append(make("emulation-round-twice", Location(), kind=kind, round=round_.code,
                                 other=chosen[kind].code))
        else:
            chosen[kind] = round_
    for i, kind in enumerate(rules.rounds):
        if kind.id not in chosen and not any(kinds.get(r.ruleset.ruleset_id) == kind.id for r in given):
            findings.append(make("emulation-round-missing", Location(json_path=f"$.rounds[{i}]"), kind=kind.label,
                                 rulesets=", ".join(kind.rulesets), year=year))
    if findings:
        raise DvkError(findings)
    return chosen


def _state(round_) -> str:
    """The round's state as the list names it: 'Đã công bố (lần 2)'."""
    from scoring.workspace.stages import STATE_LABELS

    label = STATE_LABELS[round_.state]
    publication = round_.current_publication
    return f"{label} (lần {publication.number})" if round_.state == "published" and publication else label


def _ref(kind: str, rules, round_):
    from scoring.engine.emulation import RoundRef

    return RoundRef(kind, rules.kind(kind).label, round_.code, round_.name, _state(round_))


def _given_profile(path: Path | None):
    if path is None:
        return None
    from scoring.reports import dated
    from scoring.reports.profile import load_profile

    return dated(load_profile(Path(path)))


def _round_profile(code: str):
    """The round's issuing profile as a Tờ trình's: dated today (the round's own date is its
    report's), its number's symbol "/BC-" made "/TTr-", sent to the body it is addressed to
    ("Như trên") and the archive (the report's other recipients are not the Tờ trình's)."""
    from scoring.reports.profile import PLACEHOLDER, profile_from_dict
    from scoring.workspace.rounds import VN, find_round

    data = {k: v for k, v in (find_round(code).profile or {}).items() if k != "ngay"}
    profile = profile_from_dict({**data, "ngay": now().astimezone(VN).date().isoformat()})
    number = profile.so_ky_hieu
    kept = tuple(line for line in profile.noi_nhan if line.startswith("Lưu"))
    return replace(profile, so_ky_hieu=number.replace("/BC-", "/TTr-", 1) if number else number,
                   noi_nhan=("Như trên;", *(kept or (f"Lưu: VT, {PLACEHOLDER}.",))))
