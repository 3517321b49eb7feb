"""A higher office's pages: the offices below it with their rounds (read-only links into each
round's pages), and the aggregate of their published results — the same as ``dvk cap-tren
tong-hop --cua MÃ`` prints (:func:`scoring.workspace.handoff.office_aggregate`)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from scoring.core.findings import DvkError
from scoring.portal.access import LEADER, OFFICE, role_required
from scoring.portal.views.unit import workspace

higher_required = role_required(OFFICE, LEADER)


@require_GET
@higher_required
def lower(request, who):
    """Page "Cấp dưới": each office below, its rounds, their state and current publication."""
    from scoring.portal.present import when
    from scoring.workspace.offices import lower_offices
    from scoring.workspace.stages import STATE_LABELS

    offices = [{"office": office, "depth": depth,
                "rounds": [{"round": r, "state": STATE_LABELS[r.state],
                            "publication": r.current_publication.number if r.current_publication else None,
                            "published": when(r.current_publication.at) if r.current_publication else ""}
                           for r in rounds]}
               for office, depth, rounds in lower_offices(who.office)]
    return render(request, "portal/office_lower.html", {"offices": offices, "own": who.office})


@require_GET
@higher_required
def aggregate(request, who):
    """Page "Tổng hợp cấp dưới": per office the classes, mean percent and submission rate, and the
    ranking across offices where the rulesets match (else the refusal naming the offices)."""
    from scoring.workspace.handoff import office_aggregate

    year = request.GET.get("nam", "").strip()
    year_value = int(year) if year.isdigit() and len(year) == 4 else None
    context = {"year": year_value, "own": who.office}
    if year and year_value is None:  # said, not silently dropped
        from django.contrib import messages

        messages.error(request, f"Năm “{year[:20]}” không đúng dạng (bốn chữ số, ví dụ 2025): hiện kết quả mọi năm.")
    try:
        result = office_aggregate(workspace(), None, year_value, None, who.office.code if who.office else None)
    except DvkError as exc:
        context["none"] = [f.message for f in exc.findings]
        return render(request, "portal/office_aggregate.html", context)
    context.update(_shown(result))
    return render(request, "portal/office_aggregate.html", context)


def _shown(result) -> dict:
    """The aggregate as the page shows it (decimals as ``dvk cap-tren tong-hop`` prints them)."""
    from scoring.jobs.offices import shown

    labels: list[str] = []
    for s in result.summaries:
        labels += [label for label in s.classes if label not in labels]
    rows = [{"office": s.source.office, "round": s.source.round_code, "number": s.source.number,
             "roster": s.roster, "counted": s.counted, "rate": shown(s.submission_rate),
             "mean": shown(s.mean_percent), "classes": [s.classes.get(label, 0) for label in labels]}
            for s in result.summaries]
    ranking = None if result.ranking is None else [
        {"rank": r.rank, "office": r.office, "code": r.unit.code, "name": r.unit.name,
         "percent": shown(r.unit.percent), "band": r.unit.band_label} for r in result.ranking]
    return {"labels": labels, "rows": rows, "ranking": ranking,
            "refusal": result.refusal.message if result.refusal is not None else ""}
