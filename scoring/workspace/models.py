"""The workspace's tables: rulesets, rounds, rosters, received files, appraisal, publications, audit.

Shared by the CLI (``dvk round …``) and the web portal (another Django app over these models).
Names are stable: the portal's code and both apps' migrations refer to them.

- :class:`Unit` is a unit across rounds and years (matched by code); a portal account
  (:class:`UnitAccount`) belongs to a unit, so it keeps working from one round to the next.
- :class:`RosterEntry` is a unit expected in one round (name, type and block as that round's
  roster says); ``current`` is the submission that counts.
- :class:`Submission` is one received file (by content) in one round, with its outcome.
- Appraisal and explanations are append-only histories; the value that counts is the latest.
- :class:`AuditEntry` records every change with actor, before and after.
- :class:`SignInFailures` counts failed portal sign-ins (shared by all server processes).
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models

from scoring.workspace.jsoncodec import DecimalDecoder, ExactEncoder


def _json(**options):
    """A JSON column whose decimals stay exact (see :mod:`scoring.workspace.jsoncodec`)."""
    return models.JSONField(encoder=ExactEncoder, decoder=DecimalDecoder, **options)


class OrderedJSONField(models.TextField):
    """JSON kept as the text it was written as, on every database: a change's keys read back in
    the order they were written (PostgreSQL's ``jsonb`` sorts them), decimals exact.  Not for
    querying inside the value (no JSON lookups): the audit trail is read whole."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value, cls=DecimalDecoder)

    def get_prep_value(self, value):
        return None if value is None else json.dumps(value, cls=ExactEncoder, ensure_ascii=False)


class RulesetVersion(models.Model):
    """A ruleset as it was when a round was created: its JSON text is kept verbatim."""

    ruleset_id = models.CharField(max_length=200)
    version = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=100)
    title = models.TextField(blank=True)
    source_json = models.TextField()
    stored_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ruleset_id", "version", "fingerprint"],
                                               name="ruleset_version_unique")]

    def __str__(self) -> str:
        return f"{self.ruleset_id} {self.version}"


class Unit(models.Model):
    """A unit (cơ quan, đơn vị) across rounds; ``code_key`` is its code casefolded and trimmed."""

    code = models.CharField(max_length=200)
    code_key = models.CharField(max_length=200, unique=True)
    name = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Office(models.Model):
    """An office (cơ quan) of a shared workspace, under its higher office (``parent``; null: under
    the workspace's own office).  A round, an office, appraiser or leadership account without an
    office belongs to the workspace's own office, above every declared one: a workspace that
    declares none works as one office (:mod:`scoring.workspace.offices`)."""

    code = models.CharField(max_length=100, unique=True)
    name = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class UnitAccount(models.Model):
    """A portal account's role: a unit's own account, an appraiser, the office (văn phòng) or
    leadership with an office (leadership without one is the Django group only)."""

    ROLES = [("unit", "Đơn vị"), ("appraiser", "Thẩm định"), ("office", "Văn phòng"), ("leader", "Lãnh đạo")]
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="dvk_account")
    role = models.CharField(max_length=20, choices=ROLES, default="unit")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="accounts")
    #: The office of an office, appraiser or leadership account (null: the workspace's own office).
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="accounts")


class Round(models.Model):
    """An assessment round (đợt đánh giá) and its state."""

    PERIODS = [("6-thang", "6 tháng"), ("nam", "Năm"), ("dot-xuat", "Đột xuất")]
    STATES = [("open", "Đang nhận hồ sơ"), ("closed", "Đã khóa nhận hồ sơ"),
              ("appraisal", "Đang thẩm định"), ("explanations", "Đang nhận giải trình"),
              ("final", "Đã chốt kết quả"), ("published", "Đã công bố"), ("correction", "Đang đính chính")]

    code = models.CharField(max_length=100, unique=True)
    #: The round's identity beyond its code: another workspace may have a round of the same code,
    #: and a council's sheet from there must not be taken here.  Written into the sheets dvk makes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.TextField()
    ruleset = models.ForeignKey(RulesetVersion, on_delete=models.PROTECT, related_name="rounds")
    year = models.IntegerField()
    period = models.CharField(max_length=20, choices=PERIODS)
    period_name = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=STATES, default="open")
    #: The boolean fact of the ruleset set to true for a late submission ("" = lateness only shown).
    late_fact = models.CharField(max_length=200, blank=True)
    #: Whether the round has the council's appraisal stage (and so explanations): without it,
    #: ``closed`` goes straight to ``final`` and the results are the units' own scores.
    has_appraisal = models.BooleanField(default=True)
    #: The criterion the fixed-date documents' count feeds ({} = only shown): its id and the ids of
    #: its late and missing kinds (see :mod:`scoring.workspace.duedocs`).
    documents_rule = _json(default=dict, blank=True)
    #: The criterion a lower office's published result feeds ({} = none): the criterion, the figure,
    #: the year and which roster unit is which lower office (see :mod:`scoring.workspace.lowerrule`).
    lower_rule = _json(default=dict, blank=True)
    #: Whether the ruleset's ``model_inputs`` take the workspace's model register of the round's
    #: year (the office's choice: ``dvk mo-hinh so dot``), and its publication proposes individuals.
    uses_model_register = models.BooleanField(default=False)
    #: Issuing body, signer, recipients… for the report (see :mod:`scoring.workspace.profile`).
    profile = _json(default=dict, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    current_publication = models.ForeignKey("Publication", null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=200)
    #: The office the round is of (null: the workspace's own office).
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="rounds")

    def __str__(self) -> str:
        return self.code


class Deadline(models.Model):
    """A round's deadline of one kind (nộp hồ sơ, thẩm định, giải trình)."""

    KINDS = [("submission", "Nộp hồ sơ tự chấm"), ("appraisal", "Thẩm định"),
             ("explanation", "Giải trình")]
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=KINDS)
    due = models.DateTimeField()
    label = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="deadline_unique")]


class RosterEntry(models.Model):
    """A unit that must submit in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="roster")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="entries")
    name = models.TextField()
    unit_type = models.CharField(max_length=200)
    block = models.CharField(max_length=200, blank=True)
    current = models.ForeignKey("Submission", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    #: The office's extension of this unit's submission deadline (null: the round's deadline), and why.
    extended_until = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    #: Why the office waived this unit's lateness ("" = not waived).
    waiver_reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="roster_unit_unique")]


class StoredFile(models.Model):
    """A received file's bytes, stored once under ``tep/`` by SHA-256."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.BigIntegerField()
    suffix = models.CharField(max_length=20)
    path = models.CharField(max_length=300)
    stored_at = models.DateTimeField()


class Submission(models.Model):
    """One received file in one round and what became of it."""

    STATUSES = [("accepted", "Được tính"), ("replaced", "Đã được thay thế"), ("rejected", "Bị loại")]
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    entry = models.ForeignKey(RosterEntry, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="submissions")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="submissions")
    original_name = models.TextField()
    source_path = models.TextField(blank=True)
    received_at = models.DateTimeField()
    received_by = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="cli")
    status = models.CharField(max_length=20, choices=STATUSES)
    late = models.BooleanField(default=False)
    unit_code = models.CharField(max_length=200, blank=True)
    #: The submission as read (scoring.engine.submission.Submission as JSON); null if unreadable.
    data = _json(null=True, blank=True)
    #: Every finding of reading and scoring, and the reasons for a rejection (Finding.to_dict()).
    findings = _json(default=list, blank=True)
    #: Total, percent and class as scored at collection (with the round's facts of that moment,
    #: before any appraisal): the audit's record of the file.  No page shows them: the appraisal,
    #: documents received since and quotas move them; pages score now (scoring.workspace.results).
    total = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    percent = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    band_label = models.TextField(blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    #: Refused for a reason of the round (not on the roster, two files for one unit...), not of
    #: the file itself: the same content is decided again when it is collected again.
    recheck = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["round", "status"]), models.Index(fields=["round", "file"])]


class SeenFile(models.Model):
    """A path collected before, with the size and modification time it had: a re-collection
    hashes (and reads) only files whose size or time changed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    path = models.TextField()
    size = models.BigIntegerField()
    mtime_ns = models.BigIntegerField()
    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "path"], name="seen_path_unique")]


class AppraisalChange(models.Model):
    """One appraisal value set for a unit's criterion (pass 1 or the second pass after
    explanations); the latest per (entry, criterion) counts."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="appraisal_changes")
    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="appraisal_changes")
    criterion_id = models.CharField(max_length=200)
    before = _json(null=True, blank=True)
    after = _json(null=True, blank=True)
    reason = models.TextField(blank=True)
    pass_no = models.IntegerField(default=1)
    source = models.TextField(blank=True)
    actor = models.CharField(max_length=200)
    at = models.DateTimeField()


class Explanation(models.Model):
    """A unit's answer (giải trình) to an appraisal change, for one criterion or the whole."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="explanations")
    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="explanations")
    criterion_id = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    source = models.TextField(blank=True)
    actor = models.CharField(max_length=200)
    at = models.DateTimeField()


class Publication(models.Model):
    """A numbered publication folder under ``cong-bo/``; never overwritten."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="publications")
    number = models.IntegerField()
    folder = models.CharField(max_length=300)
    files = _json(default=list)
    actor = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="publication_unique")]


class Correction(models.Model):
    """A correction (đính chính) of a published round: opened with a reason against the round's
    publication then current (``previous``), closed by the publication that carries it
    (``publication``; null while the round is being corrected).  ``changes`` are the rows of that
    publication's ``"correction"`` object (what changed against ``previous``), kept for the portal."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="corrections")
    number = models.IntegerField()
    reason = models.TextField()
    previous = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    publication = models.OneToOneField(Publication, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="correction")
    changes = _json(default=list, blank=True)
    opened_by = models.CharField(max_length=200)
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="correction_unique")]


class AuditEntry(models.Model):
    """One change: what, to what, by whom (OS user for the CLI, account for the portal), when."""

    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="audit")
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=50)
    target = models.TextField(blank=True)
    before = OrderedJSONField(null=True, blank=True)
    after = OrderedJSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "id"])]


class EvidenceDocument(models.Model):
    """A document (tài liệu kiểm chứng) a unit attached to one criterion in a round; its bytes
    are a :class:`StoredFile` (kept by content).  Removal is recorded, not deleted (audit)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evidence_documents")
    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="evidence_documents")
    criterion_id = models.CharField(max_length=200)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    original_name = models.TextField()
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    uploaded_by = models.CharField(max_length=200)
    at = models.DateTimeField()
    removed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["entry", "criterion_id"])]


class SignInFailures(models.Model):
    """Failed sign-ins counted under one key (an account, an address, or the pair), shared by every
    portal process on the database: the portal's throttle (:mod:`scoring.portal.throttle`) slows
    the key down once it has failed too often; a success or the office clears it."""

    key = models.CharField(max_length=400, unique=True)
    failures = models.IntegerField(default=0)
    last_failure = models.DateTimeField()


class DueDocument(models.Model):
    """A document units owe on a fixed date in a round (kế hoạch, báo cáo 6 tháng, báo cáo năm,
    đăng ký mô hình…): its code, name and due moment, and the unit types that owe it ([] = all)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="due_documents")
    code = models.CharField(max_length=100)
    name = models.TextField()
    due = models.DateTimeField()
    unit_types = _json(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="due_document_unique")]


class DocumentReceipt(models.Model):
    """A unit's copy of a due document: uploaded in the portal (its bytes a :class:`StoredFile`)
    or recorded by the office as received on a date (no file).  The earliest kept one counts;
    removal is recorded, not deleted (audit)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="document_receipts")
    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="document_receipts")
    document = models.ForeignKey(DueDocument, on_delete=models.CASCADE, related_name="receipts")
    received_at = models.DateTimeField()
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    original_name = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(default=0)
    channel = models.CharField(max_length=20)
    recorded_by = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    at = models.DateTimeField()
    removed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["round", "entry"])]


class ImportedPublication(models.Model):
    """A lower office's publication handed over by file (:mod:`scoring.workspace.handoff`): which
    office, round and publication, under which ruleset, and its files (each a :class:`StoredFile`,
    as the manifest listed them: ``{name: sha256}``).  Read-only: never changed once recorded."""

    office = models.TextField()
    round_code = models.CharField(max_length=100)
    #: The round's identity in the office's workspace: the same publication imported twice is found by it.
    round_uid = models.CharField(max_length=36)
    round_name = models.TextField(blank=True)
    year = models.IntegerField(null=True, blank=True)
    number = models.IntegerField()
    published_at = models.CharField(max_length=40)
    ruleset_id = models.CharField(max_length=200)
    ruleset_version = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=100)
    files = _json(default=dict)
    #: The manifest's SHA-256: a second import of the same publication is known to be the same.
    manifest_sha256 = models.CharField(max_length=64)
    source = models.TextField(blank=True)
    actor = models.CharField(max_length=200)
    at = models.DateTimeField()

    #: The higher office of this workspace that took it (None: the workspace's own office).
    into = models.ForeignKey("Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round_uid", "number"], name="imported_publication_unique")]


class ModelYear(models.Model):
    """The model register's year (sổ đăng ký mô hình "Dân vận khéo"): its registration deadline."""

    year = models.IntegerField(unique=True)
    deadline = models.DateField()
    set_at = models.DateTimeField()
    set_by = models.CharField(max_length=200)


class RegisteredModel(models.Model):
    """A unit's "Dân vận khéo" model registered for a year (``individual`` set: an individual
    exemplar of that unit); ``replicates``: the model of another unit it replicates (nhân rộng).
    Its status is the latest of its :class:`ModelStatusChange` history."""

    year = models.IntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dvk_models")
    code = models.CharField(max_length=100)
    name = models.TextField()
    field = models.CharField(max_length=40)
    #: Đối tượng: whom the model works with (hộ nghèo, đồng bào dân tộc, thanh niên…).
    target_group = models.TextField(blank=True)
    individual = models.TextField(blank=True)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    #: The registration's date (late when after the year's deadline, compared when read, as the
    #: file reader compares: a deadline set later still marks it), and when and how it was recorded.
    registered_on = models.DateField()
    registered_at = models.DateTimeField()
    registered_by = models.CharField(max_length=200)
    channel = models.CharField(max_length=20)
    replicates = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="replications")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="registered_model_unique")]


class ModelStatusChange(models.Model):
    """One step of a model's life cycle (append-only; the latest counts), with the deciding document."""

    model = models.ForeignKey(RegisteredModel, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=40)
    on = models.DateField()
    decision_number = models.TextField(blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_issuer = models.TextField(blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["model", "id"])]
