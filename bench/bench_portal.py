"""Benchmark: the web portal (``dvk serve``, waitress) on loopback, units uploading their workbooks.

    python bench/bench_portal.py              # 200 units upload at once
    python bench/bench_portal.py -n 50

Steps: (1) generate N filled workbooks of the default ruleset (as bench_rank does) and a round
whose roster lists their units, plus a second round of a 60-criterion ruleset (the default one
widened with copies of its groups) with one unit; one portal account per unit, signed in ahead
(sign-in is not what is measured); (2) start the real server, ``python -m scoring serve``, on
127.0.0.1 over that workspace; (3) the 60-criterion unit uploads five different workbooks one
after another: the time from sending the upload to having its score page (the POST, the
redirect, the result page) is the single-upload time, target <= 1 s; (4) N threads, one per unit,
each with its own connection and session, open their upload page, wait at a barrier and upload
at once: time per upload (send to score page) at the median, p95 and max, and the wall time;
(5) check in the workspace that nothing is lost: N submissions stored, each accepted and scored.
HTTP is the standard library's ``http.client``.  The machine is shared: read the figures as such.
"""

from __future__ import annotations

import argparse
import copy
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_rank import RULESET, generate, with_evidence  # noqa: E402
from bench_round import roster  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDE_CODE, WIDE_UNIT = "rong-60", "DV-RONG60"


def wide_ruleset(target: Path) -> Path:
    """The default ruleset with copies of its groups: 63 criteria, 60 of them for the unit type measured."""
    data = json.loads(RULESET.read_text(encoding="utf-8"))

    def renamed(node: dict, suffix: str) -> dict:
        node = copy.deepcopy(node)
        node["id"] += suffix
        if "children" in node:
            node["children"] = [renamed(c, suffix) for c in node["children"]]
        return node

    groups = data["criteria"]
    data["criteria"] = (groups + [renamed(g, "x") for g in groups]
                        + [renamed(g, "y") for g in groups if g["id"] in ("1", "2", "3", "5", "6")])
    data.update(id="dvcq-rong-60", scale=270, title="Bộ tiêu chí thử tải: 60 tiêu chí")
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def leaves(nodes: list[dict], unit_type: str) -> int:
    """Criteria (leaves) of the tree that apply to ``unit_type``."""
    count = 0
    for node in nodes:
        if node.get("children"):
            count += leaves(node["children"], unit_type)
        elif unit_type in node.get("applies_to", [unit_type]):
            count += 1
    return count


def wide_workbooks(ruleset_path: Path, folder: Path, copies: int) -> tuple[str, list[Path]]:
    """``copies`` different filled workbooks of the wide ruleset for one unit; (unit type, paths)."""
    from scoring.rules.load import load_ruleset
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workbook.template import write_template

    ruleset = load_ruleset(ruleset_path)
    data = json.loads(ruleset_path.read_text(encoding="utf-8"))
    unit_type = max((u.id for u in ruleset.unit_types), key=lambda t: leaves(data["criteria"], t))
    template = write_template(ruleset, unit_type, folder / "mau-rong.xlsx")
    rng = random.Random(60)
    paths = []
    for i in range(copies):
        sub = random_submission(ruleset, unit_type, rng, strength=0.8)
        sub = sub.model_copy(update={"unit": sub.unit.model_copy(update={"code": WIDE_UNIT, "name": "Đơn vị 60 tiêu chí"}),
                                     "answers": with_evidence(sub.answers, i, rng)})
        paths.append(fill_workbook(template, ruleset, sub, folder / f"rong-{i}.xlsx"))
    return unit_type, paths


def prepare(folder: Path, paths: list[Path], wide: Path, wide_type: str) -> dict[str, str]:
    """The workspace: both rounds, an account per unit, and a signed-in session cookie per unit."""
    from django.db import connections
    from django.test import Client

    from scoring.portal.accounts import ensure_account
    from scoring.portal.settings import configure
    from scoring.workspace.rosterstore import unit_for
    from scoring.workspace.rounds import RoundSpec, create_round
    from scoring.workspace.store import open_workspace

    ws_dir = folder / "ws"
    configure(ws_dir, overrides={"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]})
    ws = open_workspace(ws_dir, create=True)
    create_round(ws, RoundSpec(RULESET, 2025, code="tai-200", deadlines={"submission": "31/12/2099"},
                               roster_path=roster(paths, folder / "danh-sach.csv")), who="bench")
    listing = folder / "danh-sach-rong.csv"
    listing.write_text(f"Mã đơn vị,Tên đơn vị,Loại đơn vị\n{WIDE_UNIT},Đơn vị 60 tiêu chí,{wide_type}\n",
                       encoding="utf-8")
    create_round(ws, RoundSpec(wide, 2025, code=WIDE_CODE, deadlines={"submission": "31/12/2099"},
                               roster_path=listing), who="bench")
    sessions = {}
    for code in [f"DV{i:05d}" for i in range(len(paths))] + [WIDE_UNIT]:
        user = ensure_account(code, uuid.uuid4().hex, "unit", code, unit_for(code), reset=False)
        client = Client()
        client.force_login(user)  # a real session row: sign-in (slow password hashing) is not what is measured
        sessions[code] = client.cookies["sessionid"].value
    connections.close_all()
    return sessions


def start_server(ws_dir: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "serve", "--workspace", str(ws_dir), "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    seen = []
    for line in proc.stdout:
        seen.append(line)
        found = re.search(r"http://[^/\s]+:(\d+)", line)
        if found:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # keep draining
            return proc, found.group(1)
    raise SystemExit("dvk serve did not start:\n" + "".join(seen))


class Unit:
    """One unit's browser: its session cookie, CSRF token and connection."""

    def __init__(self, port: str, session: str):
        self.port, self.cookies = port, {"sessionid": session}
        self.token = ""

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", int(self.port), timeout=900)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body or None, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.headers, data.decode("utf-8", "replace")

    def open_upload_page(self) -> None:
        status, _, page = self.request("GET", "/don-vi/")
        assert status == 200, f"upload page: HTTP {status}"
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def upload(self, path: Path) -> tuple[float, float, bool]:
        """Seconds from sending the workbook to its answer (stored and scored) and to having the score
        page; whether the page shows a score."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{self.token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{path.name}\"\r\n"
                f"Content-Type: {XLSX}\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        start = time.perf_counter()
        status, headers, _ = self.request("POST", "/don-vi/nop/", body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://127.0.0.1:{self.port}/"})
        posted = time.perf_counter() - start
        if status != 302:
            return posted, posted, False
        status, _, page = self.request("GET", headers["Location"])
        return posted, time.perf_counter() - start, status == 200 and "Tổng điểm" in page


def at_once(port: str, sessions: dict[str, str], paths: list[Path]) -> tuple[list[tuple[float, float, bool]], float]:
    """Every unit uploads at the same moment; (each upload's times and success, wall time)."""
    units = [Unit(port, sessions[f"DV{i:05d}"]) for i in range(len(paths))]
    for unit in units:
        unit.open_upload_page()
    barrier = threading.Barrier(len(units) + 1)
    results: list[tuple[float, float, bool]] = [(0.0, 0.0, False)] * len(units)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = units[i].upload(paths[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(units))]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def stored(ws_dir: Path, code: str) -> tuple[int, int]:
    """(submissions stored in the round, of which accepted and scored), read from the workspace."""
    from scoring.workspace.models import Submission

    subs = Submission.objects.filter(round__code=code)
    return subs.count(), subs.filter(status="accepted", total__isnull=False).count()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="units uploading at once (default 200)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dvk-bench-portal-"))
    try:
        return _run(args.n, folder)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _run(n: int, folder: Path) -> int:
    paths = generate(n, folder)
    wide = wide_ruleset(folder / "rong-60.json")
    wide_type, wide_paths = wide_workbooks(wide, folder, 6)
    criteria = leaves(json.loads(wide.read_text(encoding="utf-8"))["criteria"], wide_type)
    sessions = prepare(folder, paths, wide, wide_type)
    proc, port = start_server(folder / "ws")
    try:
        single = Unit(port, sessions[WIDE_UNIT])
        single.open_upload_page()
        single.upload(wide_paths[0])  # warm-up: the server's first request loads the ruleset and Django
        singles = [single.upload(p) for p in wide_paths[1:]]
        results, wall = at_once(port, sessions, paths)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    count, scored = stored(folder / "ws", "tai-200")
    single_times = [t for _, t, _ in singles]
    posts, times, shown = [r[0] for r in results], [r[1] for r in results], sum(r[2] for r in results)
    print(f"dvk serve (waitress, 8 threads), SQLite workspace, loopback; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")
    print(f"single upload, {criteria}-criterion workbook ({wide_paths[1].stat().st_size / 1024:.0f} KiB), "
          f"upload to score page: median {statistics.median(single_times):.2f} s, max {max(single_times):.2f} s "
          f"over {len(singles)} (target <= 1 s); all scored: {all(ok for *_, ok in singles)}")
    print(f"{n} units uploading at once ({paths[0].stat().st_size / 1024:.0f} KiB workbooks, "
          f"{leaves(json.loads(RULESET.read_text(encoding='utf-8'))['criteria'], 'ubnd_xa')} criteria): "
          f"wall {wall:.1f} s, {n / wall:.1f} uploads/s")
    print(f"  time per upload, send to answer (stored and scored): median {statistics.median(posts):.2f} s, "
          f"p95 {p95(posts):.2f} s, max {max(posts):.2f} s")
    print(f"  time per upload, send to score page (its GET queues behind the other uploads): median "
          f"{statistics.median(times):.2f} s, p95 {p95(times):.2f} s, max {max(times):.2f} s")
    print(f"  score page shown: {shown}/{n}; stored in the round: {count} submissions, {scored} accepted and scored"
          f"{'' if count == scored == n == shown else '  <-- LOST OR UNSCORED UPLOADS'}")
    return 0 if count == scored == n == shown else 1


if __name__ == "__main__":
    raise SystemExit(main())
