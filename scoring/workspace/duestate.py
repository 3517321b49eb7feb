"""Where each unit stands on the round's fixed-date documents, and the fact that feeds the criterion.

A document is *on time* when its earliest receipt is not after its due moment, *late* when it is
(the one rule, :func:`scoring.workspace.lateness.late_at`; the round's extensions and waivers are
for the self-assessment, not for these documents), *missing* when nothing came and the due moment
has passed, *not yet due* otherwise.  The status (CLI, workbook, office page), the unit's page
and the score read :func:`unit_documents`, so they agree.

The score: when the round declares a criterion (``Round.documents_rule``), its late and missing
counts are set as the unit's self value — a round fact (:mod:`scoring.workspace.roundfacts`), the
provider :func:`documents_facts` — with an evidence text naming each document and its state; a
not-yet-due document counts neither way.  A unit that owes none of
the documents (by its type) keeps its own value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scoring.workspace.roundfacts import RoundFact

ON_TIME, LATE, MISSING, PENDING = "dung-han", "nop-muon", "chua-nop", "chua-den-han"
LABELS = {ON_TIME: "Đúng hạn", LATE: "Nộp muộn", MISSING: "Chưa nộp", PENDING: "Chưa đến hạn"}


@dataclass(frozen=True)
class DocumentState:
    """One document one unit owes, and where the unit stands on it."""

    code: str
    name: str
    due: dt.datetime
    received_at: dt.datetime | None
    state: str

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def sentence(self) -> str:
        """"Báo cáo 6 tháng (hạn 23:59 ngày 10/07/2026): nộp muộn, nhận 11/07/2026 08:00"."""
        from scoring.workspace.rounds import shown_deadline, shown_time

        got = f", nhận {shown_time(self.received_at)}" if self.received_at else ""
        return f"{self.name} (hạn {shown_deadline(self.due)}): {self.label.lower()}{got}"


@dataclass(frozen=True)
class UnitDocuments:
    """A roster unit and the documents it owes (none when its type owes none)."""

    entry_id: int
    code: str
    name: str
    unit_type: str
    block_name: str
    documents: tuple[DocumentState, ...]

    def count(self, state: str) -> int:
        return sum(1 for d in self.documents if d.state == state)


def owed(entry, documents: list[Any]) -> list[Any]:
    """The documents of the round ``entry``'s unit owes (by its unit type)."""
    return [d for d in documents if not d.unit_types or entry.unit_type in d.unit_types]


def state_of(received: dt.datetime | None, due: dt.datetime, at: dt.datetime) -> str:
    """A document's state at the moment ``at``, given its earliest receipt."""
    from scoring.workspace.laterule import late_at

    if received is not None:
        return LATE if late_at(received, due, waived=False) else ON_TIME
    return MISSING if at > due else PENDING


#: The states of a round whose results are settled: its documents are seen as they stood then.
SETTLED_STATES = ("final", "published", "correction")


def round_clock(round_) -> dt.datetime:
    """The moment a round's documents are judged at: now while the round is running; once its
    results are settled (final, published, reopened for a correction), the moment it became final.

    A published round must not change its score because a document fell due, or arrived, after
    its results were settled; a correction corrects those results (a receipt recorded then
    counts if it was received by that moment), it does not judge them again at a later date.
    """
    from scoring.workspace.rounds import finalised_at
    from scoring.workspace.store import now

    if round_.state not in SETTLED_STATES:
        return now()
    return finalised_at(round_) or now()


def unit_documents(round_, entry_ids: list[int] | None = None, at: dt.datetime | None = None,
                   names: dict[str, str] | None = None) -> list[UnitDocuments]:
    """Every roster unit (of ``entry_ids`` only, when given), by block and code, with the state of
    each document it owes at ``at`` (default :func:`round_clock`; for a settled round, a receipt
    after that moment is not yet received then): four queries whatever the roster's size.
    ``names``: block id → name (default: the ruleset's; ``{}`` when the caller needs no names)."""
    from django.db.models import Min

    from scoring.workspace.models import DocumentReceipt, RosterEntry
    from scoring.workspace.rounds import block_names
    from scoring.workspace.store import chunks

    documents = list(round_.due_documents.order_by("due", "code"))
    if not documents:
        return []
    at = at or round_clock(round_)
    receipts = DocumentReceipt.objects.filter(round=round_, removed=False)
    if round_.state in SETTLED_STATES:  # (while running, "today" typed as a date is today's end)
        receipts = receipts.filter(received_at__lte=at)
    entries = RosterEntry.objects.filter(round=round_).select_related("unit").order_by("block", "unit__code")
    if entry_ids is None:
        parts = [(entries, receipts)]
    else:  # in slices: SQLite caps the parameters of one query
        parts = [(entries.filter(pk__in=c), receipts.filter(entry_id__in=c)) for c in chunks(list(entry_ids))]
    names = block_names(round_) if names is None else names
    rows = []
    for some, theirs in parts:
        first = {(e, d): when for e, d, when in theirs.values("entry_id", "document_id")
                 .annotate(first=Min("received_at")).values_list("entry_id", "document_id", "first")}
        for entry in some:
            mine = tuple(DocumentState(d.code, d.name, d.due, first.get((entry.pk, d.pk)),
                                       state_of(first.get((entry.pk, d.pk)), d.due, at))
                         for d in owed(entry, documents))
            rows.append(UnitDocuments(entry.pk, entry.unit.code, entry.name, entry.unit_type,
                                      names.get(entry.block, entry.block or "Không thuộc khối"), mine))
    return rows


def document_state(entry, code: str) -> DocumentState | None:
    """Where ``entry``'s unit stands now on its document ``code`` (None: it owes no such document)."""
    units = unit_documents(entry.round, [entry.pk], names={})
    return next((d for d in units[0].documents if d.code == code), None) if units else None


def documents_facts(round_, entry_ids: list[int] | None = None) -> dict[int, RoundFact]:
    """Roster entry id → the fact its documents set ({} when the round feeds no criterion).  A unit
    that owes no document, or whose type the criterion does not apply to, keeps its own value."""
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    rule = round_.documents_rule
    if not rule:
        return {}
    criterion = index_of(ruleset_of(round_)).by_id[rule["id"]]
    return {u.entry_id: fact_of(rule, u) for u in unit_documents(round_, entry_ids, names={})
            if u.documents and criterion.applies(u.unit_type)}


def fact_of(rule: dict[str, str], unit: UnitDocuments) -> RoundFact:
    """The criterion's counts for ``unit`` and the evidence text naming its documents."""
    value = {rule["late"]: unit.count(LATE), rule["missing"]: unit.count(MISSING)}
    listed = "; ".join(d.sentence() for d in unit.documents)
    return RoundFact(rule["id"], value, f"Văn bản nộp theo hạn (văn phòng theo dõi): {listed}.")


def summary(units: list[UnitDocuments]) -> list[tuple[str, str, dt.datetime, dict[str, int]]]:
    """Per document (code, name, due): how many units stand in each state."""
    found: dict[str, tuple[str, str, dt.datetime, dict[str, int]]] = {}
    for unit in units:
        for d in unit.documents:
            counts = found.setdefault(d.code, (d.code, d.name, d.due, dict.fromkeys(LABELS, 0)))[3]
            counts[d.state] += 1
    return sorted(found.values(), key=lambda row: (row[2], row[0]))


def status_lines(units: list[UnitDocuments]) -> list[str]:
    """What ``dvk round status`` prints of the documents: per document the counts, then each unit
    late or missing on any, naming the documents."""
    from scoring.workspace.rounds import shown_deadline

    if not units:
        return []
    lines = ["Văn bản nộp theo hạn | Hạn | " + " | ".join(LABELS.values())]
    for code, name, due, counts in summary(units):
        lines.append(f"{name} ({code}) | {shown_deadline(due)} | " + " | ".join(str(counts[s]) for s in LABELS))
    behind = [u for u in units if u.count(LATE) or u.count(MISSING)]
    if behind:
        lines.append(f"Đơn vị nộp muộn, chưa nộp văn bản ({len(behind)}):")
        for u in behind:
            said = "; ".join(f"{d.name}: {d.label.lower()}" for d in u.documents if d.state in (LATE, MISSING))
            lines.append(f"  {u.code} {u.name} ({u.block_name}): {said}")
    return lines


def as_rows(units: list[UnitDocuments]) -> list[tuple[Any, ...]]:
    """One row per unit and document it owes: the status workbook's sheet and the office page."""
    from scoring.workspace.rounds import shown_deadline, shown_time

    return [(u.code, u.name, u.block_name, d.name, shown_deadline(d.due),
             shown_time(d.received_at) if d.received_at else "", d.label)
            for u in units for d in u.documents]
