"""``dvk cap-tren``: a higher office takes lower offices' publications by file, and aggregates them.

A lower office's publication folder (``cong-bo/<round>/so-NN-…``, or a .zip of it) carries its
file list with SHA-256 (:data:`FILE_LIST`).  The import checks the
folder against it (:func:`scoring.workspace.backup.damaged_files`) and refuses it whole, every
damaged file named, when a file was altered, removed or added; then stores each file by content
(:mod:`scoring.workspace.blobs`, hashed again while copied) and records an
:class:`~scoring.workspace.models.ImportedPublication` with the office's name.  The same
publication imported again is a no-op (``created`` False); another content under the same
round and number is refused.

The aggregate (:func:`office_aggregate`) takes a higher office's sources from one function,
:func:`office_sources`: the current publication of each round of the offices below it in this
workspace (:mod:`scoring.workspace.offices`) and, for the workspace's own office, each office's
latest imported publication of a round — every one read from its ``ket-qua.json`` by the same
reader — and computes with :mod:`scoring.jobs.offices`.  ``dvk cap-tren tong-hop`` and the
portal's "Tổng hợp cấp dưới" page both call it: what they show is what was published.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace, actor, audit, now

RESULTS = "ket-qua.json"
#: Every file of a publication with its size and SHA-256, the round and the number: written into
#: each publication (:mod:`scoring.workspace.publication`), checked by the import here.
FILE_LIST = "ban-ke-tep.json"
FILE_LIST_FORMAT = "dvk-cong-bo"
#: A zip unpacked holds at most this many files and bytes (a province's publication is ~200 MB).
ZIP_MAX_FILES = 1000
ZIP_MAX_BYTES = 4 * 2**30


@dataclass(frozen=True)
class _File:
    """A checked file of the publication (the shape :func:`~scoring.workspace.blobs.copy_blobs` takes)."""

    path: str
    size: int
    sha: str


def import_publication(ws: Workspace, source: Path, office: str, who: str | None = None,
                       into: str | None = None) -> tuple[Any, bool]:
    """Import the publication folder (or .zip) ``source`` of the lower office ``office``: the
    record and whether it is new (False: this very publication was imported before, nothing done).
    ``into``: the code of the higher office of this workspace that takes it (None: the workspace's
    own office); only that office aggregates it (:func:`office_sources`)."""
    from scoring.workspace.office_lookup import office_by_code

    higher = office_by_code(into, "--vao") if into is not None else None
    office = " ".join(office.split())
    if not office:
        raise DvkError([make("handoff-no-office", Location())])
    if not source.exists():
        raise DvkError([make("handoff-not-found", Location(file=str(source)), path=source)])
    if source.is_dir():
        return _import_folder(ws, source, source, office, who or actor(), higher)
    unpacked = Path(tempfile.mkdtemp(prefix="dvk-cap-tren-"))
    try:
        _unzip(source, unpacked)
        return _import_folder(ws, _publication_in(unpacked), source, office, who or actor(), higher)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _unzip(source: Path, into: Path) -> None:
    """Unpack the zip ``source`` into ``into`` (a publication's size at most: no zip bomb fills the disk)."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_FILES or sum(i.file_size for i in infos) > ZIP_MAX_BYTES:
                raise DvkError([make("handoff-bad-zip", Location(file=str(source)), path=source,
                                     reason=f"quá {ZIP_MAX_FILES} tệp hoặc quá {ZIP_MAX_BYTES // 2**30} GiB khi "
                                            "giải nén, không phải một thư mục công bố")])
            archive.extractall(into)  # names with .. or a leading / are kept inside ``into``
    except OSError as exc:
        from scoring.formats.jsonio import os_reason

        raise DvkError([make("handoff-bad-zip", Location(file=str(source)), path=source,
                             reason=os_reason(exc))]) from None
    except (zipfile.BadZipFile, RuntimeError, EOFError, NotImplementedError, ValueError):  # zipfile's words are English
        raise DvkError([make("handoff-bad-zip", Location(file=str(source)), path=source,
                             reason="không phải tệp nén .zip, tệp bị hỏng, có mật khẩu hoặc nén theo cách "
                                    "không hỗ trợ")]) from None


def _publication_in(unpacked: Path) -> Path:
    """The folder of the zip holding the file list: its root, or its one top folder."""

    entries = [e for e in unpacked.iterdir() if not e.name.startswith(".") and e.name != "__MACOSX"]
    if not (unpacked / FILE_LIST).exists() and len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return unpacked


def _import_folder(ws: Workspace, folder: Path, source: Path, office: str, who: str, into: Any) -> tuple[Any, bool]:
    from scoring.workspace.backup import damaged_files

    manifest, manifest_sha = _read_manifest(folder, source)
    problems = [make("handoff-file-damaged", Location(file=f"{source}/{name}"),
                     file=name, what=what) for name, what in damaged_files(folder, manifest["files"], FILE_LIST)]
    if problems:
        raise DvkError(problems)
    _check_results(folder, manifest)
    existing = _existing(manifest, manifest_sha, office, into)
    if existing is not None:
        return existing, False
    return _store(ws, folder, source, office, who, manifest, manifest_sha, into), True


def _read_manifest(folder: Path, source: Path) -> tuple[dict, str]:
    """The publication's file list, checked for shape, and its own SHA-256."""

    path = folder / FILE_LIST
    if not path.is_file():
        raise DvkError([make("handoff-no-manifest", Location(file=str(source)), path=source, manifest=FILE_LIST)])

    def bad(reason: str) -> DvkError:
        return DvkError([make("handoff-bad-manifest", Location(file=str(path)), manifest=FILE_LIST, reason=reason)])

    try:
        raw = path.read_bytes()
        manifest = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise bad(f"không đọc được: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FILE_LIST_FORMAT:
        raise bad(f'không có "format": "{FILE_LIST_FORMAT}"')
    try:
        fields = (manifest["round"]["code"], manifest["round"]["uid"], manifest["number"], manifest["published_at"],
                  manifest["ruleset"]["id"], manifest["ruleset"]["version"], manifest["ruleset"]["fingerprint"])
        files = manifest["files"]
    except (KeyError, TypeError) as exc:
        raise bad(f"thiếu mục {exc}") from None
    if not isinstance(files, dict) or RESULTS not in files or not isinstance(fields[2], int):
        raise bad(f"không liệt kê tệp {RESULTS} hoặc số công bố không phải số nguyên")
    return manifest, hashlib.sha256(raw).hexdigest()


def _check_results(folder: Path, manifest: dict) -> None:
    """The results read, and under the ruleset the file list names."""
    from scoring.jobs.compare import read_results_file

    results = read_results_file(folder / RESULTS, str(folder))
    said = manifest["ruleset"]
    if (results.ruleset_id, results.version, results.fingerprint) != (said["id"], said["version"], said["fingerprint"]):
        raise DvkError([make("handoff-bad-manifest", Location(file=str(folder / FILE_LIST)), manifest=FILE_LIST,
                             reason=f"bộ tiêu chí ghi trong bản kê khác bộ tiêu chí của {RESULTS}")])


def _existing(manifest: dict, manifest_sha: str, office: str, into: Any):
    """The record of this publication if imported before (a different content is refused)."""
    from scoring.workspace.models import ImportedPublication
    from scoring.workspace.rounds import shown_time

    found = ImportedPublication.objects.filter(round_uid=manifest["round"]["uid"], number=manifest["number"]).first()
    if found is None:
        return None
    said = {"number": found.number, "round": found.round_code, "office": found.office}
    if found.manifest_sha256 != manifest_sha:
        raise DvkError([make("handoff-conflict", Location(), at=shown_time(found.at), **said)])
    if found.office != office:
        raise DvkError([make("handoff-office-differs", Location(), given=office, **said)])
    if found.into_id != (into.pk if into is not None else None):
        taken = found.into.name if found.into_id else "cơ quan của không gian làm việc"
        raise DvkError([make("handoff-into-differs", Location(), taken=taken, **said)])
    return found


def _store(ws: Workspace, folder: Path, source: Path, office: str, who: str, manifest: dict, manifest_sha: str,
           into: Any):
    """Copy the files by content, then record the publication in one transaction."""
    from django.db import IntegrityError, transaction

    from scoring.workspace.blobs import copy_blobs, record_blobs
    from scoring.workspace.models import ImportedPublication

    files = manifest["files"]
    stored = copy_blobs(ws, [_File(str(folder / name), entry["size"], entry["sha256"])
                             for name, entry in sorted(files.items())])
    at = now()
    round_ = manifest["round"]
    try:
        with transaction.atomic():
            record_blobs(stored, at)
            record = ImportedPublication.objects.create(
                office=office, round_code=round_["code"], round_uid=round_["uid"], round_name=round_.get("name", ""),
                year=round_.get("year"), number=manifest["number"], published_at=manifest["published_at"],
                ruleset_id=manifest["ruleset"]["id"], ruleset_version=manifest["ruleset"]["version"],
                fingerprint=manifest["ruleset"]["fingerprint"],
                files={name: entry["sha256"] for name, entry in sorted(files.items())},
                manifest_sha256=manifest_sha, source=str(source), actor=who, at=at, into=into)
            audit(None, who, "publication-imported", f"{office} / {round_['code']} / số {manifest['number']}",
                  after={"office": office, "round": round_["code"], "number": manifest["number"],
                         "files": len(files), "manifest_sha256": manifest_sha}, at=at)
    except IntegrityError:  # imported meanwhile by another run: the same check again
        found = _existing(manifest, manifest_sha, office, into)
        if found is None:
            raise
        return found
    return record


def imported_rounds(ws: Workspace, year: int | None = None, offices: list[str] | None = None,
                    until: Any = None, into: Any = None) -> list[Any]:
    """Each office's latest imported publication of each round (optionally of one ``year``, of the
    named ``offices``, imported at or before the moment ``until``; those imported into the higher
    office ``into``, None: the workspace's own), as
    :class:`scoring.jobs.offices.OfficeRound`, by office then round."""
    from scoring.jobs.compare import read_results_file
    from scoring.jobs.offices import OfficeRound
    from scoring.workspace.backup import same_file
    from scoring.workspace.models import ImportedPublication, StoredFile

    records = ImportedPublication.objects.filter(into=into).order_by("office", "round_code", "-number")
    if year is not None:
        records = records.filter(year=year)
    if until is not None:
        records = records.filter(at__lte=until)
    wanted = {" ".join(o.split()).casefold() for o in offices or []}
    latest: dict[tuple[str, str], Any] = {}
    for record in records:
        if (not wanted or record.office.casefold() in wanted) and (record.office, record.round_uid) not in latest:
            latest[(record.office, record.round_uid)] = record
    rounds = []
    for record in latest.values():
        stored = StoredFile.objects.get(sha256=record.files[RESULTS])
        path = ws.root / stored.path
        if not same_file(path, {"size": stored.size, "sha256": stored.sha256}):  # kept read-only: never changed
            raise DvkError([make("handoff-stored-damaged", Location(file=str(path)), office=record.office,
                                 round=record.round_code, number=record.number)])
        results = read_results_file(path, record.office)
        rounds.append(OfficeRound(record.office, record.round_code, record.number, record.published_at, results))
    return rounds


def office_sources(ws: Workspace, office: Any = None, year: int | None = None,
                   offices: list[str] | None = None, until: Any = None) -> list[Any]:
    """The published rounds the higher office ``office`` aggregates (None: the workspace's own office),
    as :class:`scoring.jobs.offices.OfficeRound`: the current publication of every round of the
    offices below it in this workspace (:func:`scoring.workspace.offices.offices_below`), read from
    its ``ket-qua.json`` as an import reads one, then the publications imported by file into
    ``office`` (:func:`imported_rounds`).  Optionally of one ``year``
    and of the offices named (by code or name) in ``offices``; with ``until``, as they stood at that
    moment (the publications made, or imported, by then).  The CLI's ``dvk cap-tren tong-hop``, the
    portal's page and a higher round's criterion fed by a lower result
    (:mod:`scoring.workspace.lowerfacts`) all take these, so all show what was published."""
    from scoring.workspace.offices import offices_below

    sources = published_rounds(ws, offices_below(office), year, offices, until)
    return sources + imported_rounds(ws, year, offices, until, into=office)


def published_rounds(ws: Workspace, offices_in: list[Any], year: int | None = None,
                     offices: list[str] | None = None, until: Any = None) -> list[Any]:
    """The current publication of each round of the workspace's offices ``offices_in`` (with
    ``until``: the latest made by then), by office then round; its ``ket-qua.json`` checked against
    the SHA-256 recorded when published."""
    from scoring.jobs.compare import read_results_file
    from scoring.jobs.offices import OfficeRound
    from scoring.workspace.backup import unaltered
    from scoring.workspace.models import Round

    wanted = {" ".join(o.split()).casefold() for o in offices or []}
    chosen = [o for o in offices_in if not wanted or o.code.casefold() in wanted or o.name.casefold() in wanted]
    rounds = (Round.objects.filter(office__in=[o.pk for o in chosen], current_publication__isnull=False)
              .select_related("office", "current_publication"))
    if year is not None:
        rounds = rounds.filter(year=year)
    found = []
    for round_ in sorted(rounds, key=lambda r: (r.office.code, r.code)):
        pub = round_.current_publication if until is None else _published_by(round_, until)
        if pub is None:
            continue
        path = ws.root / pub.folder / RESULTS
        if unaltered(pub, path.parent, RESULTS) is None:
            raise DvkError([make("office-publication-damaged", Location(file=str(path)), office=round_.office.name,
                                 round=round_.code, number=pub.number, folder=pub.folder)])
        results = read_results_file(path, round_.office.name)
        found.append(OfficeRound(round_.office.name, round_.code, pub.number,
                                 pub.at.isoformat(timespec="seconds"), results))
    return found


def _published_by(round_, until: Any) -> Any:
    """The round's latest publication made at or before ``until`` (None: none yet then)."""
    return round_.publications.filter(at__lte=until).order_by("-number").first()


def office_aggregate(ws: Workspace, out_dir: Path | None = None, year: int | None = None,
                     offices: list[str] | None = None, higher: str | None = None) -> Any:
    """The aggregate of the sources (:func:`office_sources`; :func:`scoring.jobs.offices.aggregate`)
    of the higher office whose code is ``higher`` (None: the workspace's own office), written into
    ``out_dir`` when given; ``handoff-none`` when there is none (or none matches)."""
    from scoring.jobs.offices import aggregate, write_aggregate
    from scoring.workspace.offices import office_by_code

    office = office_by_code(higher, "--cua") if higher is not None else None
    rounds = office_sources(ws, office, year, offices)
    if not rounds:
        which = (f" của năm {year}" if year is not None else "") + (f" ({', '.join(offices)})" if offices else "")
        raise DvkError([make("handoff-none", Location(), which=which)])
    result = aggregate(rounds)
    return result if out_dir is None else write_aggregate(result, out_dir)
