"""The guide's source format: a small Markdown whose steps a machine can perform.

A part (one ``.md`` file) is ``# Title``, intro paragraphs, then sections::

    ## Gửi bảng tính {#gui-bang-tinh trang=unit-home,unit-upload buoc=1}

``trang``: the portal pages (URL names) whose "?" link opens this section; ``buoc``: the moment
of a round the section belongs to (0 before units send anything, 1 open, 2 locked, 3 appraisal,
4 explanations, 5 publication, 6 the next round, 7 last: what would sign the walk's readers out;
default 1), by which the guide test walks all parts' sections as a round unfolds.  In a section:

* paragraphs, numbered steps (``1. …``) and bullets (``- …``);
* inline marks, each naming something on a page: ``{nút|Gửi và chấm điểm}`` (a button),
  ``{mục|Tạo đợt}`` (a link or menu item), ``{tải|Tải biểu mẫu (.xlsx)}`` (a link that downloads),
  ``{ô|Tên đăng nhập|XA-MINHHOA}`` (a field and what is typed), ``{chọn|Kỳ đánh giá|6 tháng}``
  (a list and the choice), ``{tệp|Bảng tính tự chấm (.xlsx)|sample_inputs/xa-minhhoa.xlsx}``
  (a file field and the file), ``{thấy|Kết quả chấm điểm}`` (words the page then shows),
  ``{trang|Đăng nhập|/dang-nhap/}`` (a page opened by its address).  Readers see the name in
  quotes; the guide test performs the action;
* ``{ảnh|ten-anh|Chú thích}`` alone on a line: a screenshot of the page at that step;
* a fenced block (```` ``` ````) of commands: ``$ dvk …`` lines, each followed by lines its
  output must contain, and ``(mã thoát N)`` when it must end with code N (default 0);
* ``<!-- … -->`` comments, which readers never see: the marked places where a section is to be
  added (``<!-- chỗ: … -->``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Inline mark kinds: what a reader is told to do or see.
KINDS = ("nút", "mục", "tải", "ô", "chọn", "tệp", "thấy", "trang")
MARK = re.compile(r"\{(" + "|".join(KINDS) + r")\|([^|{}]+)(?:\|([^{}]*))?\}")
IMAGE = re.compile(r"^\{ảnh\|([a-z0-9-]+)(?:\|([^{}]*))?\}$")
HEADING = re.compile(r"^## (.+?)\s*\{#([a-z0-9-]+)((?:\s+[a-z]+=[^\s}]+)*)\s*\}$")
EXIT = re.compile(r"^\(mã thoát (\d+)\)$")
COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Mark:
    """Something on a page the reader acts on or sees (``kind`` of :data:`KINDS`)."""

    kind: str
    label: str
    value: str = ""


@dataclass(frozen=True)
class Command:
    """A command the reader types, the lines its output contains and its exit code."""

    line: str
    expected: tuple[str, ...] = ()
    exit_code: int = 0


@dataclass(frozen=True)
class Block:
    """A paragraph, step, bullet, image or command block of a section."""

    kind: str  # "para" | "step" | "bullet" | "image" | "commands"
    text: str = ""
    marks: tuple[Mark, ...] = ()
    commands: tuple[Command, ...] = ()
    raw: tuple[str, ...] = ()  # a command block's lines as the reader sees them

    def pieces(self) -> list[tuple[str, bool]]:
        """The text as (words, is_a_name) pieces: names are shown quoted and bold."""
        out, at = [], 0
        for found in MARK.finditer(self.text):
            out.append((self.text[at:found.start()], False))
            out.append((found.group(2), True))
            at = found.end()
        out.append((self.text[at:], False))
        return [(text, named) for text, named in out if text]

    def plain(self) -> str:
        """The text as a reader sees it, names in quotes."""
        return "".join(f"“{text}”" if named else text for text, named in self.pieces())


@dataclass(frozen=True)
class Section:
    """A ``##`` section: the pages it explains, its moment in a round and its blocks."""

    title: str
    anchor: str
    pages: tuple[str, ...] = ()
    moment: int = 1
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of the guide (one role)."""

    info: object  # scoring.reports.guide.PartInfo
    title: str
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)


class GuideSourceError(ValueError):
    """The guide's own source is malformed (a developer's mistake, caught by the tests)."""


def parse_part(info, text: str) -> Part:
    """Parse one part's Markdown."""
    lines = COMMENT.sub("", text).splitlines()
    if not lines or not lines[0].startswith("# "):
        raise GuideSourceError(f"{info.slug}: the first line must be '# Title'")
    title, heads, chunks = lines[0][2:].strip(), [], [[]]
    for line in lines[1:]:
        if line.startswith("## "):
            found = HEADING.match(line.strip())
            if not found:
                raise GuideSourceError(f"{info.slug}: bad heading {line!r}")
            heads.append(found)
            chunks.append([])
        else:
            chunks[-1].append(line)
    sections = tuple(_section(head, chunk, info.slug) for head, chunk in zip(heads, chunks[1:]))
    return Part(info, title, _blocks(chunks[0], info.slug), sections)


def _section(head: re.Match, lines: list[str], slug: str) -> Section:
    attrs = dict(pair.split("=", 1) for pair in head.group(3).split())
    unknown = set(attrs) - {"trang", "buoc"}
    if unknown:
        raise GuideSourceError(f"{slug}#{head.group(2)}: unknown attribute {sorted(unknown)}")
    pages = tuple(p for p in attrs.get("trang", "").split(",") if p)
    return Section(head.group(1), head.group(2), pages, int(attrs.get("buoc", "1")), _blocks(lines, slug))


def _blocks(lines: list[str], slug: str) -> tuple[Block, ...]:
    blocks, para, fence = [], [], None
    for line in lines + [""]:
        if fence is not None:
            if line.strip() == "```":
                blocks.append(_commands(fence, slug))
                fence = None
            else:
                fence.append(line)
            continue
        stripped = line.strip()
        step = re.match(r"^(\d+\.|-)\s+(.*)$", stripped)
        if stripped.startswith("```") or not stripped or step or IMAGE.match(stripped):
            if para:
                blocks.append(_text("para", " ".join(para)))
                para = []
        if stripped.startswith("```"):
            fence = []
        elif IMAGE.match(stripped):
            found = IMAGE.match(stripped)
            blocks.append(Block("image", found.group(2) or "", raw=(found.group(1),)))
        elif step:
            blocks.append(_text("bullet" if step.group(1) == "-" else "step", step.group(2)))
        elif stripped:
            para.append(stripped)
    if fence is not None:
        raise GuideSourceError(f"{slug}: a command block is not closed")
    return tuple(blocks)


def _text(kind: str, text: str) -> Block:
    if "{" in MARK.sub("", text).replace("{ảnh|", ""):
        raise GuideSourceError(f"unknown mark in {text!r}")
    return Block(kind, text, tuple(Mark(m.group(1), m.group(2), m.group(3) or "") for m in MARK.finditer(text)))


def _commands(lines: list[str], slug: str) -> Block:
    commands: list[list] = []
    for line in lines:
        if line.startswith("$ "):
            commands.append([line[2:].strip(), [], 0])
        elif not commands:
            raise GuideSourceError(f"{slug}: a command block must start with '$ '")
        elif EXIT.match(line.strip()):
            commands[-1][2] = int(EXIT.match(line.strip()).group(1))
        elif line.strip():
            commands[-1][1].append(line.strip())
    raw = tuple(line for line in lines if not EXIT.match(line.strip()))
    return Block("commands", commands=tuple(Command(c, tuple(e), x) for c, e, x in commands), raw=raw)
