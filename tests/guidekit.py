"""Performs the user guide (scoring/reports/guide/*.md) step by step: every click in headless
Chromium against ``dvk serve --demo``, every command in a throw-away folder holding a copy of the
bundled sample data.  Used by ``tests/test_guide.py`` (which fails when a step is no longer true)
and by ``tools/guide_screenshots.py`` (which also photographs the pages at the ``{ảnh|…}`` marks).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What a guide's command folder holds: the bundled data the commands name.
SAMPLE_DATA = ("criteria", "sample_inputs", "ho-so-mau.toml")
STEP_TIMEOUT_MS = 8_000
NAVIGATION_TIMEOUT_MS = 120_000  # a publication writes the report (and its PDF when LibreOffice is there)


def sample_folder(path: Path) -> Path:
    """``path`` filled with a copy of the bundled data, as a reader's working folder."""
    for name in SAMPLE_DATA:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, path / name)
        else:
            shutil.copy2(source, path / name)
    for example in (ROOT / "scoring" / "reports" / "guide" / "vi-du").iterdir():  # the office's own files
        shutil.copy2(example, path / example.name)
    (path / "tai-ve").mkdir()  # where the walker keeps what the reader downloads
    return path


def start_serve(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Start a ``dvk serve`` command; (the process, its base URL once it listens)."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env or _env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    seen, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"http://[^/\s]+:\d+", line)
        if found:
            return proc, found.group(0)
    proc.kill()
    raise AssertionError("dvk serve did not start:\n" + "".join(seen))


def in_process(argv: list[str], cwd: Path) -> tuple[int, str]:
    """``dvk argv`` run by the command's own entry point (:func:`scoring.cli.app.main`) in ``cwd``,
    in this process (a new interpreter per command would cost seconds each); (exit code, what it
    printed, white space folded)."""
    import contextlib
    import io

    from scoring.cli.app import main

    from concurrent.futures import ThreadPoolExecutor

    def command() -> int:
        try:
            return main(argv)
        except SystemExit as exc:  # argparse's --version and --help end this way
            return exc.code if isinstance(exc.code, int) else 0

    out, before = io.StringIO(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), ThreadPoolExecutor(1) as pool:
            # a thread of its own: Playwright's sync API keeps an event loop running in this one,
            # and Django refuses database work from a thread with a running event loop
            code = pool.submit(command).result()
    finally:
        os.chdir(before)
    return code, " ".join(out.getvalue().split())


def _env() -> dict:
    return dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))


class Walker:
    """Walks sections of the guide; one browser page per part (the part's reader, signed in once)."""

    def __init__(self, browser, base: str, work: Path, shots: Path | None = None, width: int = 1280):
        self.browser, self.base, self.work, self.shots, self.width = browser, base, work, shots, width
        self.pages: dict[str, object] = {}
        self.done: list[str] = []  # every step performed
        self.times: dict[str, float] = {}  # seconds per section

    def walk(self, part, section) -> None:
        """Perform every block of ``section`` of ``part``."""
        started = time.monotonic()
        for block in section.blocks:
            where = f"{part.info.slug}#{section.anchor}: {block.plain() or ' / '.join(block.raw)}"
            try:
                self._block(part, block)
            except AssertionError as exc:
                raise AssertionError(f"Hướng dẫn sai ở {where}\n{exc}") from None
            except Exception as exc:  # Playwright's timeouts: the named thing is not on the page
                raise AssertionError(f"Hướng dẫn sai ở {where}\n{type(exc).__name__}: {exc}") from None
            self.done.append(where)
        self.times[f"{part.info.slug}#{section.anchor}"] = time.monotonic() - started

    def _block(self, part, block) -> None:
        if block.kind == "commands":
            for command in block.commands:
                self.run(command)
        elif block.kind == "image":
            if self.shots is not None:
                self.shoot(part, block.raw[0])
        else:
            for mark in block.marks:
                self.act(self.page(part), mark)

    def page(self, part):
        if part.info.slug not in self.pages:
            context = self.browser.new_context(viewport={"width": self.width, "height": 900}, locale="vi-VN",
                                               accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
            self.pages[part.info.slug] = page
        return self.pages[part.info.slug]

    def act(self, page, mark) -> None:
        """Do what ``mark`` tells the reader to do (or check what it says they see)."""
        kind, label, value = mark.kind, mark.label, mark.value
        if kind == "trang":
            page.goto(self.base + value)
        elif kind in ("nút", "mục"):
            role = "button" if kind == "nút" else "link"
            target = page.get_by_role(role, name=label, exact=True).first
            with page.expect_navigation():  # the page's answer may take long (a publication): wait for it
                target.click(no_wait_after=True)  # there, not within the click's own short timeout
        elif kind == "tải":
            with page.expect_download() as info:
                page.get_by_role("link", name=label, exact=True).first.click()
            saved = self.work / "tai-ve" / info.value.suggested_filename
            info.value.save_as(saved)
            assert saved.stat().st_size > 0, f"tệp tải về rỗng: {saved.name}"
        elif kind in ("ô", "chọn", "tệp"):
            field = page.get_by_label(label, exact=True).first
            if kind == "ô":
                field.fill(value)
            elif kind == "chọn":  # the guide names the choice by words its label contains
                labels = [" ".join(text.split()) for text in field.evaluate("s => Array.from(s.options, o => o.label)")]
                chosen = [text for text in labels if value in text]
                assert chosen, f"ô “{label}” không có lựa chọn “{value}”: {labels}"
                field.select_option(label=chosen[0])
            else:
                field.set_input_files(str(self.work / value))
        elif kind == "thấy":
            text = " ".join(page.inner_text("body").split())
            assert label in text, f"trang {page.url} không có “{label}”:\n{text[:1500]}"

    def run(self, command) -> None:
        """Run a command as the reader types it (``dvk`` is this checkout's ``python -m scoring``)."""
        argv = shlex.split(command.line)
        assert argv[0] == "dvk", f"chỉ chạy lệnh dvk: {command.line}"
        argv = [sys.executable, "-m", "scoring", *argv[1:]]
        if argv[3] == "serve":  # runs until stopped: started, seen listening, stopped
            proc, _ = start_serve([*argv, "--port", "0"], self.work)
            proc.terminate()
            proc.wait(timeout=30)
            return
        code, said = in_process(argv[3:], self.work)
        assert code == command.exit_code, (
            f"{command.line}: mã thoát {code}, hướng dẫn ghi {command.exit_code}\n{said[:2000]}")
        for line in command.expected:
            assert " ".join(line.split()) in said, f"{command.line}: không in “{line}”\n{said[:2000]}"

    def shoot(self, part, name: str) -> None:
        """A screenshot of the part's page, the visible window (what the reader sees at that step)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page(part).screenshot(path=str(self.shots / f"{name}.png"), full_page=False)


def timeline(parts) -> list[tuple[object, object]]:
    """Every (part, section), in the order a round unfolds: by moment, then part, then section."""
    order = [(s.moment, i, j, part, s) for i, part in enumerate(parts) for j, s in enumerate(part.sections)]
    return [(part, section) for *_, part, section in sorted(order, key=lambda row: row[:3])]
