"""Benchmark: the web portal (``dvk serve``, waitress) on loopback, units uploading their workbooks,
served by one or several processes over one workspace on SQLite or PostgreSQL.

    python bench/bench_portal.py                                  # 200 units, 1 and 2 processes, SQLite
    python bench/bench_portal.py --database sqlite,postgres --processes 1,2 --repeat 2
    python bench/bench_portal.py -n 3 --processes 2 --repeat 1    # a quick check
    python bench/bench_portal.py --profile prof/                  # cProfile in the servers
    python bench/bench_portal.py --compare /tmp/dvk-old           # another tree's servers too, alternately

Steps: (1) generate N filled workbooks of the default ruleset (as bench_rank does) and a round
whose roster lists their units, plus a second round of a 60-criterion ruleset (the default one
widened with copies of its groups) with one unit; one portal account per unit, signed in ahead
(sign-in is not what is measured): one such workspace per database, copied afresh for every run
(PostgreSQL: a throwaway cluster on 127.0.0.1 with its durable defaults, ``CREATE DATABASE …
TEMPLATE``); (2) per configuration (database, processes), start the real servers, ``python -m
scoring serve``, on 127.0.0.1 over the run's copy; (3) the 60-criterion unit uploads five different
workbooks one after another to the first process: the time from sending the upload to having its
score page (the POST, the redirect, the result page) is the single-upload time, target <= 1 s,
and the CPU seconds the server (and PostgreSQL) used for it; (4) N threads, one per unit, each with
its own connection and session, open their upload page, wait at a barrier and upload at once,
unit i to process i mod P (round-robin, as a load balancer would): time per upload to the answer
(stored and scored) and to the score page at the median, p95 and max, the wall time, and the CPU
seconds of the servers, of PostgreSQL and of everything else on the machine meanwhile; (5) check
in the database that nothing is lost: N submissions stored, each accepted and scored, and each
unit's current submission set.  Configurations run alternately (A B A B …, ``--repeat`` rounds)
so that a change of the machine's load falls on all of them; ratios are taken within a round.
HTTP is the standard library's ``http.client``.  The machine may be shared: read the figures as such.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import http.client
import json
import os
import random
import re
import resource
import shutil
import statistics
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
from portal_servers import Server, postgres_cluster, tree_cpu_seconds  # noqa: E402
from profile_report import report  # noqa: E402

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


def prepare(ws_dir: Path, folder: Path, paths: list[Path], wide: Path, wide_type: str,
            url: str | None) -> dict[str, str]:
    """The workspace (on SQLite, or at the PostgreSQL ``url``): both rounds, an account per unit,
    and a signed-in session cookie per unit."""
    from django.db import connections
    from django.test import Client

    from scoring.portal.accounts import ensure_account
    from scoring.portal.settings import configure
    from scoring.workspace.rosterstore import unit_for
    from scoring.workspace.rounds import RoundSpec, create_round
    from scoring.workspace.store import open_workspace

    ws_dir.mkdir(parents=True)
    if url:
        (ws_dir / "dvk-workspace.json").write_text(json.dumps({"database": url}), encoding="utf-8")
    configure(ws_dir, overrides={"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]})
    ws = open_workspace(ws_dir, create=True)
    if not (folder / "danh-sach.csv").exists():
        roster(paths, folder / "danh-sach.csv")
    create_round(ws, RoundSpec(RULESET, 2025, code="tai-200", deadlines={"submission": "31/12/2099"},
                               roster_path=folder / "danh-sach.csv"), who="bench")
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


@dataclasses.dataclass
class Template:
    """A prepared workspace that each run copies: its folder and (PostgreSQL) its database."""

    database: str
    ws_dir: Path
    url: str | None = None
    postmaster: int | None = None
    sessions: dict[str, str] = dataclasses.field(default_factory=dict)  # unit code -> session cookie

    def copy(self, target: Path, number: int) -> Path:
        """A fresh copy of the workspace at ``target`` (PostgreSQL: ``CREATE DATABASE … TEMPLATE``)."""
        shutil.copytree(self.ws_dir, target)
        if self.url:
            import psycopg

            name = f"dvk_bench_run_{number}"
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_name(self.url)}"')
            (target / "dvk-workspace.json").write_text(json.dumps({"database": _with_name(self.url, name)}),
                                                       encoding="utf-8")
        return target


def _name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _with_name(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def templates(databases: list[str], folder: Path, paths: list[Path], wide: Path, wide_type: str,
              cluster: tuple[str, int] | None) -> dict[str, Template]:
    """One prepared workspace per database."""
    found = {}
    for database in databases:
        url, postmaster = None, None
        if database == "postgres":
            import psycopg

            url, postmaster = _with_name(cluster[0], "dvk_bench_template"), cluster[1]
            with psycopg.connect(cluster[0], autocommit=True) as conn:
                conn.execute("CREATE DATABASE dvk_bench_template")
        sessions = prepare(folder / f"mall-{database}", folder, paths, wide, wide_type, url)
        found[database] = Template(database, folder / f"mall-{database}", url, postmaster, sessions)
    return found

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


def machine_busy() -> float:
    """CPU seconds all processes of the machine have used since boot (``/proc/stat``)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


def own_cpu() -> float:
    """CPU seconds of this process (the clients' threads)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


class Meter:
    """CPU seconds used between :meth:`start` and :meth:`stop`: by the servers, by PostgreSQL, by
    the clients (this process) and by everything else on the machine."""

    def __init__(self, servers: list[Server], postmaster: int | None):
        self.servers, self.postmaster = servers, postmaster

    def _now(self) -> tuple[float, float, float, float]:
        database = tree_cpu_seconds(self.postmaster) if self.postmaster else 0.0
        return sum(s.cpu() for s in self.servers), database, own_cpu(), machine_busy()

    def start(self) -> None:
        self.before = self._now()

    def stop(self) -> dict[str, float]:
        app, database, clients, machine = (b - a for a, b in zip(self.before, self._now()))
        return {"app": app, "db": database, "clients": clients, "others": max(machine - app - database - clients, 0.0)}


def at_once(units: list[Unit], paths: list[Path]) -> tuple[list[tuple[float, float, bool]], float]:
    """Every unit uploads at the same moment; (each upload's times and success, wall time)."""
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


def stored(ws_dir: Path, code: str) -> tuple[int, int, int]:
    """(submissions stored in the round, of which accepted and scored, units whose current
    submission is set), read from the run's database."""
    from django.db import connections

    from scoring.portal.settings import configure
    from scoring.workspace.models import RosterEntry, Submission

    configure(ws_dir)
    try:
        subs = Submission.objects.filter(round__code=code)
        current = RosterEntry.objects.filter(round__code=code, current__isnull=False).count()
        return subs.count(), subs.filter(status="accepted", total__isnull=False).count(), current
    finally:
        connections.close_all()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


@dataclasses.dataclass
class Run:
    """One configuration's measurements in one round."""

    database: str
    processes: int
    code: str  # the compared tree's name; '' for this one
    round: int
    single: list[float]
    single_cpu: dict[str, float]
    posts: list[float]
    times: list[float]
    shown: int
    wall: float
    cpu: dict[str, float]
    stored: tuple[int, int, int]
    load: str
    profiles: dict[str, list[Path]]

    @property
    def complete(self) -> bool:
        n = len(self.posts)
        return self.stored == (n, n, n) and self.shown == n and all(ok for ok in self.single_ok)

    single_ok: tuple[bool, ...] = ()


def run_once(template: Template, processes: int, code: Path | None, number: int, round_no: int, folder: Path,
             paths: list[Path], wide_paths: list[Path], profile: Path | None) -> Run:
    """One configuration: fresh copy of the workspace, its servers (of the tree ``code``, None: this
    one), single uploads, then all at once."""
    ws_dir = template.copy(folder / f"run-{number}", number)
    label = code.name if code else ""
    name = f"{template.database}-{processes}p{'-' + label if label else ''}-{round_no}"
    load = Path("/proc/loadavg").read_text().split()[0]
    servers = [Server(ws_dir, profile / f"{name}-s{k}" if profile else None, code or ROOT) for k in range(processes)]
    parts: dict[str, list[Path]] = {"single": [], "load": []}
    try:
        meter = Meter(servers[:1], template.postmaster)
        single = Unit(servers[0].port, template.sessions[WIDE_UNIT])
        single.open_upload_page()
        single.upload(wide_paths[0])  # warm-up: the server's first upload loads the ruleset and the engine
        for server in servers:
            server.cut_profile()
        meter.start()
        singles = [single.upload(p) for p in wide_paths[1:]]
        single_cpu = {k: v / len(singles) for k, v in meter.stop().items()}
        parts["single"] = [p for p in [servers[0].cut_profile()] if p]
        units = [Unit(servers[i % processes].port, template.sessions[f"DV{i:05d}"]) for i in range(len(paths))]
        for unit in units:
            unit.open_upload_page()
        for server in servers:
            server.cut_profile()  # the pages opened before the load: not measured
        meter = Meter(servers, template.postmaster)
        meter.start()
        results, wall = at_once(units, paths)
        cpu = meter.stop()
        cpu["peak MiB"] = max(s.peak_mib() for s in servers)
    finally:
        parts["load"] = [p for p in (s.stop() for s in servers) if p]
    return Run(template.database, processes, label, round_no, [t for _, t, _ in singles], single_cpu,
               [r[0] for r in results], [r[1] for r in results], sum(r[2] for r in results), wall, cpu,
               stored(ws_dir, "tai-200"), load, parts, tuple(ok for *_, ok in singles))


def describe(run: Run) -> list[str]:
    n, cpu = len(run.posts), run.cpu
    count, scored, current = run.stored
    lines = [
        f"[round {run.round}] {_label(run)}; load average before {run.load}",
        f"  single upload (60 criteria), upload to score page: median {statistics.median(run.single):.2f} s, "
        f"max {max(run.single):.2f} s; CPU per upload: server {run.single_cpu['app']:.3f} s, "
        f"PostgreSQL {run.single_cpu['db']:.3f} s",
        f"  {n} at once: wall {run.wall:.1f} s ({n / run.wall:.1f} uploads/s); to stored-and-scored median "
        f"{statistics.median(run.posts):.2f} s, p95 {p95(run.posts):.2f} s, max {max(run.posts):.2f} s; "
        f"to score page median {statistics.median(run.times):.2f} s, p95 {p95(run.times):.2f} s, "
        f"max {max(run.times):.2f} s",
        f"  CPU meanwhile: servers {cpu['app']:.1f} s ({cpu['app'] / n:.3f} s per upload), PostgreSQL "
        f"{cpu['db']:.1f} s ({cpu['db'] / n:.3f} s per upload), clients {cpu['clients']:.1f} s, "
        f"others on the machine {cpu['others']:.1f} s; peak memory of a server {cpu['peak MiB']:.0f} MiB",
        f"  stored in the database: {count} submissions, {scored} accepted and scored, {current} units with "
        f"their current submission set; score page shown {run.shown}/{n}"
        f"{'' if run.complete else '  <-- LOST OR UNSCORED UPLOADS'}",
    ]
    return lines


def _label(run: Run) -> str:
    return f"{run.database}, {run.processes} process(es){', ' + run.code if run.code else ''}"


def _ratios(runs: list[Run], key, base, other) -> str:
    """Medians of ``other``/``base`` over the rounds, each ratio taken within one round."""
    pairs = [(a, b) for a in runs for b in runs if a.round == b.round and key(a) == base and key(b) == other]
    if not pairs:
        return ""
    ratio = lambda f: statistics.median(f(b) / f(a) for a, b in pairs)  # noqa: E731
    said = (f"median of {len(pairs)} same-round ratios: wall {ratio(lambda r: r.wall):.2f}, p95 to stored "
            f"{ratio(lambda r: p95(r.posts)):.2f}, p95 to score page {ratio(lambda r: p95(r.times)):.2f}, "
            f"servers' CPU {ratio(lambda r: r.cpu['app']):.2f}")
    if base[0] == "postgres":
        said += f", PostgreSQL's CPU {ratio(lambda r: r.cpu['db']):.2f}"
    return said


def summary(runs: list[Run]) -> list[str]:
    """Medians per configuration over the rounds, and the ratios of P processes to the first count
    (and of this tree to a compared one), each taken within a round (the same machine load)."""
    lines = ["", "configuration                  rounds  wall s  stored med/p95/max s    score page med/p95/max s  "
                 "CPU s/upload app+db  all stored"]
    keys = sorted({(r.database, r.processes, r.code) for r in runs}, key=lambda k: (k[0] != "sqlite", k))
    for database, processes, code in keys:
        mine = [r for r in runs if (r.database, r.processes, r.code) == (database, processes, code)]

        def med(f, mine=mine) -> float:
            return statistics.median(f(r) for r in mine)

        lines.append(
            f"{_label(mine[0]):<30} {len(mine):>6} {med(lambda r: r.wall):7.1f}  "
            f"{med(lambda r: statistics.median(r.posts)):5.2f} {med(lambda r: p95(r.posts)):5.2f} "
            f"{med(lambda r: max(r.posts)):5.2f}         {med(lambda r: statistics.median(r.times)):5.2f} "
            f"{med(lambda r: p95(r.times)):5.2f} {med(lambda r: max(r.times)):5.2f}      "
            f"{med(lambda r: r.cpu['app'] / len(r.posts)):.3f}+{med(lambda r: r.cpu['db'] / len(r.posts)):.3f}"
            f"       {all(r.complete for r in mine)}")
    for database, processes, code in keys:
        first = min(k[1] for k in keys if (k[0], k[2]) == (database, code))
        if processes != first:
            said = _ratios(runs, lambda r: (r.database, r.processes, r.code), (database, first, code),
                           (database, processes, code))
            lines.append(f"{database}{', ' + code if code else ''}: {processes} processes / {first}: {said}")
        if code:
            said = _ratios(runs, lambda r: (r.database, r.processes, r.code), (database, processes, code),
                           (database, processes, ""))
            lines.append(f"{database}, {processes} process(es): this tree / {code}: {said}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="units uploading at once (default 200)")
    parser.add_argument("--processes", default="1,2", help="dvk serve processes, a list (default 1,2)")
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres or both: sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of all configurations, alternated (default 2)")
    parser.add_argument("--profile", type=Path, help="profile the servers (cProfile); the tables go to this folder")
    parser.add_argument("--compare", type=Path, help="another dvk tree (say, an export of an earlier commit) "
                        "whose servers run too, alternately with this tree's")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    databases = [d.strip() for d in args.database.split(",")]
    if not set(databases) <= {"sqlite", "postgres"}:
        parser.error("--database: sqlite, postgres, or both (sqlite,postgres)")
    processes = [int(p) for p in args.processes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="dvk-bench-portal-"))
    try:
        codes = [None, args.compare.resolve()] if args.compare else [None]
        return _run(args.n, databases, processes, codes, args.repeat, args.profile, folder)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _run(n: int, databases: list[str], processes: list[int], codes: list[Path | None], repeat: int,
         profile: Path | None, folder: Path) -> int:
    # One key for every workspace: Django keeps the first one it is configured with in this process,
    # where the sessions are signed in, and each server would otherwise read its workspace's own.
    os.environ["DVK_SECRET_KEY"] = uuid.uuid4().hex * 2
    paths = generate(n, folder)
    wide = wide_ruleset(folder / "rong-60.json")
    wide_type, wide_paths = wide_workbooks(wide, folder, 6)
    if profile:
        profile.mkdir(parents=True, exist_ok=True)
    print(f"dvk serve (waitress, 8 threads per process) on loopback; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores; {n} workbooks of {paths[0].stat().st_size / 1024:.0f} KiB "
          f"({leaves(json.loads(RULESET.read_text(encoding='utf-8'))['criteria'], 'ubnd_xa')} criteria); "
          f"60-criterion workbook {wide_paths[1].stat().st_size / 1024:.0f} KiB"
          f"{'; profiled (cProfile: slower)' if profile else ''}", flush=True)
    with (postgres_cluster() if "postgres" in databases else contextlib.nullcontext()) as cluster:
        made = templates(databases, folder, paths, wide, wide_type, cluster)
        runs = []
        for round_no in range(1, repeat + 1):
            for database in databases:
                for count in processes:
                    for code in codes:
                        run = run_once(made[database], count, code, len(runs), round_no, folder, paths, wide_paths,
                                       profile)
                        runs.append(run)
                        print("\n".join(describe(run)), flush=True)
                        shutil.rmtree(folder / f"run-{len(runs) - 1}", ignore_errors=True)
    print("\n".join(summary(runs)))
    if profile:
        for run in runs:
            name = f"{_label(run)}, round {run.round}"
            print("\n".join(report(run.profiles["single"], f"profile, {name}: the single uploads")))
            print("\n".join(report(run.profiles["load"], f"profile, {name}: {n} at once")))
    return 0 if all(r.complete for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
