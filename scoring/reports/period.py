"""The 6-month and year-end report (báo cáo sơ kết 6 tháng, tổng kết năm) of công tác dân vận
chính quyền: what it says, worded from figures the workspace gathered
(:func:`scoring.workspace.period_report.period_report`), every number traceable.

The figures are plain data (:class:`PeriodReport`): the fixed-date documents due in the period
and how many units sent each on time, late or not at all; each assessment round's published
figures (DVCQ and QCDC apart); the "Dân vận khéo" models per field.  This module computes
nothing: it words them.  Each number a sentence or table prints is taken through
:class:`Numbers`, which records it with where it comes from (round code, publication number,
document code, register file): the appendix lists exactly those, so the body and the appendix
cannot disagree.

Strengths and weaknesses (section V) are sentences chosen by declared thresholds:

- a document every owing unit sent on time is a strength; a document sent late or not sent is a
  weakness naming the units (late and missing apart);
- a round whose submission rate is :data:`FULL_RATE` % is a strength; below it, a weakness
  naming the units without a counted result;
- a round whose share of units in its highest class reaches :data:`TOP_SHARE` % is a strength;
  a round whose mean percent reaches :data:`MEAN_GOOD` % too;
- units in a round's lowest class (e.g. "Yếu") or not classified are a weakness, named;
- recognised and replicated models are a strength; no model registered is a weakness.

Section VI is a short standard text, an item for each weakness the data shows, and blank lines
for the office's own proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scoring.core.decimals import fmt
from scoring.reports.profile import PLACEHOLDER, Profile

SO_KET, TONG_KET = "so-ket", "tong-ket"
#: A round's submission rate at which it is a strength (percent of the roster with a result).
FULL_RATE = Decimal(100)
#: The share (percent) of a round's units in its highest class at which it is a strength.
TOP_SHARE = Decimal(50)
#: The mean percent at which a round's results are a strength.
MEAN_GOOD = Decimal(80)
#: Best units named per round.
BEST = 3
PLACES = 2
KIND = "BÁO CÁO"
SECTIONS = ("I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ THEO KẾ HOẠCH",
            "II. KẾT QUẢ ĐÁNH GIÁ, PHÂN LOẠI CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
            "III. KẾT QUẢ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ",
            "IV. PHONG TRÀO THI ĐUA \"DÂN VẬN KHÉO\"",
            "V. ĐÁNH GIÁ CHUNG",
            "VI. PHƯƠNG HƯỚNG, ĐỀ XUẤT, KIẾN NGHỊ")
APPENDIX_TITLE = "PHỤ LỤC"
APPENDIX_SUBTITLE = "NGUỒN CỦA CÁC SỐ LIỆU TRONG BÁO CÁO"
FIGURE_HEADERS = ("STT", "Số liệu", "Giá trị", "Nguồn trong không gian làm việc")
DOCUMENT_HEADERS = ("STT", "Văn bản", "Hạn nộp", "Phải nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp", "Chưa đến hạn")
MODEL_HEADERS = ("Lĩnh vực", "Đăng ký", "Triển khai", "Được công nhận", "Nhân rộng")


@dataclass(frozen=True)
class DocumentLine:
    """One fixed-date document due in the period: its round and code, name, due moment (text),
    how many units owe it and stand in each state, and the late and missing units ("Tên (MÃ)")."""

    round_code: str
    code: str
    name: str
    due: str
    owed: int
    on_time: int
    late: int
    missing: int
    pending: int
    late_units: tuple[str, ...] = ()
    missing_units: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return f"Đợt {self.round_code}, văn bản nộp theo hạn mã {self.code}"


@dataclass(frozen=True)
class RoundLine:
    """One assessment round of the period: published (``publication`` set, figures from its
    ``ket-qua.json``) or not yet (only its state is said).  Units are "Tên (MÃ)" texts; ``best``
    are (unit, percent) of the first units overall; ``classes`` in the ruleset's order."""

    code: str
    name: str
    state: str
    ruleset: str
    publication: int | None = None
    published_on: str = ""
    roster: int = 0
    counted: int = 0
    classes: tuple[tuple[str, int], ...] = ()
    mean_percent: Decimal | None = None
    submission_rate: Decimal | None = None
    best: tuple[tuple[str, Decimal], ...] = ()
    missing_units: tuple[str, ...] = ()
    #: (class label, its units) of the ruleset's lowest class and of "not classified", when any.
    weak: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def source(self) -> str:
        return f"Đợt {self.code}, công bố số {self.publication} (ket-qua.json)"


@dataclass(frozen=True)
class ModelLine:
    """The models of one field of work: registered, deployed (past registration), recognised, and
    replicating another unit's model (nhân rộng)."""

    field: str
    registered: int
    deployed: int
    recognised: int
    replicated: int


@dataclass(frozen=True)
class ModelsPart:
    """The model register's counts per field (and the register's files, the source)."""

    lines: tuple[ModelLine, ...]
    source: str

    def total(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.lines)


@dataclass(frozen=True)
class PeriodReport:
    """What the report is about, and its figures (see the module doc)."""

    kind: str
    year: int
    as_of: str
    documents: tuple[DocumentLine, ...]
    rounds: tuple[RoundLine, ...]
    qcdc: tuple[RoundLine, ...]
    qcdc_rule: str
    models: ModelsPart | None
    profile: Profile = field(default_factory=Profile)

    @property
    def period(self) -> str:
        return f"6 tháng đầu năm {self.year}" if self.kind == SO_KET else f"năm {self.year}"

    @property
    def summary(self) -> str:
        """The trích yếu."""
        verb = "Sơ kết" if self.kind == SO_KET else "Tổng kết"
        return f"{verb} công tác dân vận chính quyền {self.period}"


@dataclass(frozen=True)
class Figure:
    """A number the report prints, as printed, and where in the workspace it comes from."""

    label: str
    value: str
    source: str


class Numbers:
    """The report's numbers in the order printed: :meth:`put` records one and returns its text."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def put(self, label: str, value: int | Decimal | None, source: str) -> str:
        """The number's text; recorded once (a sentence repeating a number cites the same figure)."""
        text = "—" if value is None else str(value) if isinstance(value, int) else fmt(value, PLACES)
        figure = Figure(label, text, source)
        if figure not in self.figures:  # (the same label with another value would be listed twice: seen)
            self.figures.append(figure)
        return text


def title(report: PeriodReport) -> str:
    """The document's title as a file manager shows it."""
    return f"Báo cáo {report.summary[0].lower()}{report.summary[1:]}"


def opening(report: PeriodReport) -> str:
    office = report.profile.co_quan_ban_hanh or "cơ quan"
    return (f"{office} báo cáo {report.summary[0].lower()}{report.summary[1:]} (số liệu tổng hợp từ không gian "
            f"làm việc của dvk đến {report.as_of}; nguồn từng số liệu tại Phụ lục) như sau:")


def document_intro(report: PeriodReport, n: Numbers) -> list[str]:
    """Section I's sentence before the documents' table."""
    if not report.documents:
        return [f"Trong {report.period} không có văn bản nộp theo hạn nào được khai báo trong các đợt của năm "
                f"(dvk round tai-lieu khai-bao); văn phòng bổ sung tình hình thực hiện kế hoạch."]
    count = n.put("Số văn bản phải nộp theo hạn trong kỳ", len(report.documents), _rounds_source(report.documents))
    return [f"Theo kế hoạch, trong {report.period} các cơ quan, đơn vị phải gửi {count} văn bản theo hạn; "
            "tình hình gửi từng văn bản như sau:"]


def document_rows(report: PeriodReport, n: Numbers) -> list[list[str]]:
    """Section I's table (the columns of :data:`DOCUMENT_HEADERS`)."""
    rows = []
    for i, d in enumerate(report.documents, 1):
        values = [n.put(f"{d.name}: {label}", getattr(d, key), d.source)
                  for key, label in (("owed", "số đơn vị phải nộp"), ("on_time", "nộp đúng hạn"),
                                     ("late", "nộp muộn"), ("missing", "chưa nộp"), ("pending", "chưa đến hạn"))]
        rows.append([str(i), d.name, d.due, *values])
    return rows


def round_lines(rounds: tuple[RoundLine, ...], n: Numbers, what: str) -> list[str]:
    """Sections II and III: one paragraph per round (``what``: how the rounds are called)."""
    if not rounds:
        return [f"Trong kỳ không có {what} nào trong không gian làm việc."]
    lines = []
    for i, r in enumerate(rounds, 1):
        head = f"{i}. {r.name} (đợt {r.code}, bộ tiêu chí {r.ruleset})"
        if r.publication is None:
            lines.append(f"{head}: {r.state.lower()}, chưa công bố kết quả; số liệu được bổ sung sau khi công bố.")
            continue
        src = r.source
        roster = n.put(f"{r.code}: số đơn vị phải nộp", r.roster, src)
        counted = n.put(f"{r.code}: số đơn vị có kết quả", r.counted, src)
        rate = n.put(f"{r.code}: tỷ lệ nộp (%)", r.submission_rate, src)
        mean = n.put(f"{r.code}: tỷ lệ điểm bình quân (%)", r.mean_percent, src)
        classes = "; ".join(f"{label} {n.put(f'{r.code}: số đơn vị xếp loại {label}', count, src)}"
                            for label, count in r.classes)
        text = (f"{head}, công bố số {r.publication} ngày {r.published_on}: {roster} đơn vị phải nộp, {counted} "
                f"đơn vị có kết quả (tỷ lệ nộp {rate}%); tỷ lệ điểm bình quân {mean}%. Xếp loại: {classes}.")
        if r.best:
            best = "; ".join(f"{unit} {n.put(f'{r.code}: tỷ lệ điểm của {unit} (%)', percent, src)}%"
                             for unit, percent in r.best)
            text += f" Đơn vị dẫn đầu: {best}."
        lines.append(text)
    return lines


def model_rows(models: ModelsPart, n: Numbers) -> list[list[str]]:
    """Section IV's table (the columns of :data:`MODEL_HEADERS`), the total last."""
    names = ("registered", "deployed", "recognised", "replicated")
    rows = [[line.field, *(n.put(f"Mô hình lĩnh vực {line.field}: {header.lower()}", getattr(line, name),
                                 models.source) for name, header in zip(names, MODEL_HEADERS[1:]))]
            for line in models.lines]
    rows.append(["Tổng cộng", *(n.put(f"Mô hình (tổng): {header.lower()}", models.total(name), models.source)
                                for name, header in zip(names, MODEL_HEADERS[1:]))])
    return rows


def models_missing(report: PeriodReport) -> str:
    return (f"Chưa có số liệu sổ đăng ký mô hình \"Dân vận khéo\" (ghi sổ trong không gian làm việc bằng dvk mo-hinh so "
            f"hoặc trên cổng thông tin, hoặc lập báo cáo với --mo-hinh TỆP); văn phòng bổ sung "
            f"số mô hình đăng ký, triển khai, được công nhận, nhân rộng {report.period}.")


def strengths(report: PeriodReport, n: Numbers) -> list[str]:
    """Section V, 1: the strengths the thresholds of the module doc find."""
    lines = [f"- {d.name}: {n.put(f'{d.name}: nộp đúng hạn', d.on_time, d.source)}/"
             f"{n.put(f'{d.name}: số đơn vị phải nộp', d.owed, d.source)} đơn vị gửi đúng hạn."
             for d in report.documents if d.owed and d.on_time == d.owed]
    for r in _published(report):
        src = r.source
        if r.submission_rate is not None and r.submission_rate >= FULL_RATE:
            lines.append(f"- {r.name}: tỷ lệ nộp {n.put(f'{r.code}: tỷ lệ nộp (%)', r.submission_rate, src)}%, "
                         "mọi đơn vị trong danh sách đều có kết quả đánh giá.")
        top = r.classes[0] if r.classes else None
        if top and r.counted and Decimal(100) * top[1] / r.counted >= TOP_SHARE:
            share = n.put(f"{r.code}: tỷ lệ đơn vị xếp loại {top[0]} (%)", Decimal(100) * top[1] / r.counted, src)
            lines.append(f"- {r.name}: {n.put(f'{r.code}: số đơn vị xếp loại {top[0]}', top[1], src)}/"
                         f"{n.put(f'{r.code}: số đơn vị có kết quả', r.counted, src)} đơn vị xếp loại {top[0]} "
                         f"({share}%).")
        if r.mean_percent is not None and r.mean_percent >= MEAN_GOOD:
            lines.append(f"- {r.name}: tỷ lệ điểm bình quân "
                         f"{n.put(f'{r.code}: tỷ lệ điểm bình quân (%)', r.mean_percent, src)}%.")
    if report.models is not None:
        models = report.models
        if models.total("recognised"):
            lines.append(f"- {n.put('Mô hình (tổng): được công nhận', models.total('recognised'), models.source)} "
                         "mô hình \"Dân vận khéo\" được công nhận.")
        if models.total("replicated"):
            lines.append(f"- {n.put('Mô hình (tổng): nhân rộng', models.total('replicated'), models.source)} "
                         "mô hình được nhân rộng sang đơn vị khác.")
    return lines or ["- " + PLACEHOLDER * 6]


def weaknesses(report: PeriodReport, n: Numbers) -> list[str]:
    """Section V, 2: the weaknesses the thresholds of the module doc find, naming the units."""
    lines = []
    for d in report.documents:
        if d.late_units:
            lines.append(f"- {d.name}: {n.put(f'{d.name}: nộp muộn', d.late, d.source)} đơn vị nộp muộn "
                         f"({'; '.join(d.late_units)}).")
        if d.missing_units:
            lines.append(f"- {d.name}: {n.put(f'{d.name}: chưa nộp', d.missing, d.source)} đơn vị chưa nộp "
                         f"({'; '.join(d.missing_units)}).")
    for r in _published(report):
        src = r.source
        if r.submission_rate is not None and r.submission_rate < FULL_RATE:
            without = n.put(f"{r.code}: số đơn vị không có kết quả", len(r.missing_units), src)
            lines.append(f"- {r.name}: tỷ lệ nộp {n.put(f'{r.code}: tỷ lệ nộp (%)', r.submission_rate, src)}%, "
                         f"{without} đơn vị không có kết quả ({'; '.join(r.missing_units)}).")
        for label, units in r.weak:
            count = n.put(f"{r.code}: số đơn vị xếp loại {label}", len(units), src)
            lines.append(f"- {r.name}: {count} đơn vị xếp loại {label} ({'; '.join(units)}).")
    if report.models is not None and not report.models.total("registered"):
        lines.append(f"- Không có mô hình \"Dân vận khéo\" nào được đăng ký {report.period}.")
    return lines or ["- " + PLACEHOLDER * 6]


def proposals(report: PeriodReport) -> list[str]:
    """Section VI: the standard text, an item per weakness the data shows, then the office's lines."""
    office = report.profile.co_quan_ban_hanh or "cơ quan"
    next_period = f"6 tháng cuối năm {report.year}" if report.kind == SO_KET else f"năm {report.year + 1}"
    lines = [f"1. Phương hướng {next_period}: tiếp tục thực hiện hiệu quả công tác dân vận chính quyền, quy chế dân "
             "chủ ở cơ sở và phong trào thi đua \"Dân vận khéo\"; gửi văn bản, hồ sơ tự chấm điểm đúng hạn.",
             "2. Đề xuất, kiến nghị:"]
    late = sorted({u for d in report.documents for u in (*d.late_units, *d.missing_units)})
    if late:
        lines.append(f"- Đề nghị các đơn vị nộp muộn, chưa nộp văn bản theo kế hoạch ({'; '.join(late)}) chấn chỉnh, "
                     "gửi đầy đủ, đúng hạn.")
    weak = sorted({u for r in _published(report) for _label, units in r.weak for u in units})
    if weak:
        lines.append(f"- Đề nghị các đơn vị xếp loại thấp nhất ({'; '.join(weak)}) xây dựng kế hoạch khắc phục "
                     "hạn chế.")
    if report.models is not None and report.models.total("recognised"):
        lines.append("- Đề nghị khen thưởng, nhân rộng các mô hình \"Dân vận khéo\" được công nhận.")
    lines += [f"- {PLACEHOLDER * 8}", f"- {PLACEHOLDER * 8}",
              f"Trên đây là báo cáo {report.summary[0].lower()}{report.summary[1:]} của {office}./."]
    return lines


def _published(report: PeriodReport) -> list[RoundLine]:
    return [r for r in (*report.rounds, *report.qcdc) if r.publication is not None]


def _rounds_source(documents: tuple[DocumentLine, ...]) -> str:
    codes = sorted({d.round_code for d in documents})
    return "Văn bản nộp theo hạn khai báo trong đợt " + ", ".join(codes)
