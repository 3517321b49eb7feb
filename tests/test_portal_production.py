"""``dvk serve`` refuses to start a shared portal insecurely, in Vietnamese, and starts once it
is set up; ``/suc-khoe/`` answers monitoring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GOOD = {"DVK_SECRET_KEY": "k" * 48, "DVK_ALLOWED_HOSTS": "dvk.tinh.example.vn"}


def dvk_serve(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DVK_SECRET_KEY", "DVK_ALLOWED_HOSTS", "DVK_HTTPS", "DVK_PUBLIC_URL", "DVK_DATABASE_URL")}
    return subprocess.Popen([sys.executable, "-m", "scoring", "serve", "--port", "0", *args],
                            env={**clean, **env, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("args,env,needs", [
    (("--host", "0.0.0.0", "--demo"), {}, ("DVK_SECRET_KEY", "DVK_ALLOWED_HOSTS", "bỏ --demo")),
    (("--host", "127.0.0.1", "--demo"), {"DVK_HTTPS": "1", **GOOD}, ("bỏ --demo",)),
    (("--host", "127.0.0.1", "--office", "van-phong"), {"DVK_HTTPS": "1", "DVK_SECRET_KEY": "ngan"},
     ("DVK_SECRET_KEY", "DVK_ALLOWED_HOSTS")),
])
def test_a_shared_portal_set_up_insecurely_does_not_start(tmp_path, args, env, needs):
    process = dvk_serve(tmp_path, *args, **env)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "chưa an toàn" in err and all(n in err for n in needs)
    assert "Traceback" not in out + err and "đang chạy" not in out


def test_a_shared_portal_set_up_properly_starts_and_answers_monitoring(tmp_path):
    import re
    import urllib.request

    process = dvk_serve(tmp_path, "--host", "127.0.0.2", "--workspace", str(tmp_path / "ws"),
                        "--office", "van-phong", **GOOD)
    try:
        line = process.stdout.readline()
        port = re.search(r":(\d+)/", line).group(1)
        request = urllib.request.Request(f"http://127.0.0.2:{port}/suc-khoe/", headers={"Host": "dvk.tinh.example.vn"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200 and answer.read().decode() == '{"trang_thai": "ok", "co_so_du_lieu": "ok"}'
    finally:
        process.terminate()
        process.communicate(timeout=30)
