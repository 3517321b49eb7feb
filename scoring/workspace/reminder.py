"""The reminder letter of a round (công văn đôn đốc): ``dvk round don-doc -o FILE.docx``.

The units come from the round's roll (:func:`scoring.workspace.roll.round_roll`: missing, refused
and late, as status and the publication list them), the issuing profile and the wording from the
round's report (:func:`scoring.workspace.publication.round_profile`,
:func:`scoring.reports.docx.basis`); the letter is laid out by
:mod:`scoring.reports.docx.reminder`.
"""

from __future__ import annotations

from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace, now


def write_reminder_letter(ws: Workspace, round_code: str | None, path: Path, send_by: str | None = None) -> Path:
    """Write the round's reminder letter to ``path`` (whole or absent); ``send_by``: the date the
    units must act by, as typed (``20/5/2026`` or ``'20/5/2026 17:00'``; None: the round's
    deadline while it is ahead, else left blank for the office to fill).  Refused (``reminder-nobody``) when every unit has a counted, timely file."""
    from scoring.formats.files import output_file
    from scoring.reports.docx import basis
    from scoring.reports.docx.reminder import Reminder, write_reminder
    from scoring.workspace.publication import round_profile
    from scoring.workspace.roll import round_roll
    from scoring.workspace.rounds import deadline, find_round, parse_deadline, ruleset_of, shown_time

    due = parse_deadline(send_by) if send_by else None  # a bad date refused before any work
    round_ = find_round(round_code)
    ahead = deadline(round_)
    if due is None and ahead is not None and ahead > now():
        due = ahead
    roll = round_roll(round_)
    if not roll.missing and not roll.late:
        raise DvkError([make("reminder-nobody", Location(), round=round_.code)])
    reminder = Reminder(round_.name, basis(ruleset_of(round_)), roll, shown_time(due) if due else None,
                        round_profile(round_, now()))
    with output_file(path) as tmp:
        write_reminder(reminder, tmp)
    return Path(path)
