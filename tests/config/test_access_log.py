"""The production server's access log (config/gunicorn.py) must not write down what a user searched for: an ID
number typed into a list's search box travels in the query string, and the next page's Referer repeats it."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER = "36042519800101002X"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_logs_the_path_without_the_query_string_or_the_referer(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "config.wsgi:application"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz?q={ID_NUMBER}",
            headers={"Referer": f"http://127.0.0.1:{port}/households/?q={ID_NUMBER}"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(request, timeout=10).close()
                break
            except urllib.error.HTTPError:
                break  # answered (a 503 without its database is still logged)
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [line for line in log.read_text().splitlines() if "/healthz HTTP/" in line]  # the access log

    assert lines, log.read_text()
    assert '"GET /healthz HTTP/1.1"' in lines[0]
    assert ID_NUMBER not in log.read_text() and "q=" not in log.read_text()
