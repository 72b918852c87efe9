"""`crm serve`, the production web server, as an operator runs it: the app loaded once and forked into
the workers, a screen-pop answered by a worker with its own database connection, workers replaced on
SIGHUP without a refused request, and a clean stop on SIGTERM."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CRM = str(Path(sys.executable).with_name("crm"))


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def _get(url: str, token: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads worker pids from /proc")
def test_crm_serve_preloads_forks_reloads_and_stops(tmp_path):
    env = {**os.environ, "CRM_SECRET_KEY": "k" * 40, "CRM_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}",
           "CRM_LANGUAGE_PRELOAD": "0", "CRM_DEFAULT_REGION": "MY", "CRM_KEEP_ALIVE": "2",
           "CRM_API_LIMIT": "8 per hour"}
    run = dict(env=env, capture_output=True, text=True, timeout=120, check=True)
    subprocess.run([CRM, "init"], **run)
    token = subprocess.run([CRM, "users", "create", "pbx@example.com", "--role", "integration"],
                           **run).stdout.split()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([CRM, "serve", "--port", str(port), "--workers", "2", "--threads", "2"], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(f"{base}/ping")[0] == 200 and len(_children(server.pid)) == 2:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "crm serve did not answer /ping in 90 s"
            time.sleep(0.2)
        workers = _children(server.pid)
        # It says it is ready once it answers, not before (the start-up line says it is starting).
        deadline = time.monotonic() + 30
        while f"Ready: {base}/" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert log.read_text().index("Starting on") < log.read_text().index("Ready:")

        # CRM_KEEP_ALIVE=2: a connection is kept for the next request, and closed once idle for 2 s.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            for _ in range(2):
                conn.sendall(b"GET /ping HTTP/1.1\r\nHost: crm\r\n\r\n")
                assert _response(conn).startswith(b"HTTP/1.1 200")
                time.sleep(0.5)
            time.sleep(3)
            assert conn.recv(4096) == b"", "an idle connection was kept past CRM_KEEP_ALIVE"

        # The token's user comes from the database: each forked worker reads it on its own connection,
        # and the lookup finds no one with that number.
        for _ in range(6):
            status, body = _get(f"{base}/api/v1/lookup?phone=%2B60123456789", token)
            assert status == 404 and json.loads(body)["error"]["code"] == "not_found", body
        assert _get(f"{base}/api/v1/lookup?phone=%2B60123456789", "crm_wrong")[0] == 401

        os.kill(server.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not (len(_children(server.pid)) == 2 and not _children(server.pid) & workers):
            assert _get(f"{base}/ping")[0] == 200  # answered throughout the replacement
            assert time.monotonic() < deadline, "SIGHUP did not replace the workers in 60 s"
            time.sleep(0.2)
        assert _get(f"{base}/api/v1/lookup?phone=%2B60123456789", token)[0] == 404
        # One budget per token for the whole server (API.md), however many workers, and kept when they
        # are replaced: 8 lookups were allowed, whichever worker answered them; the next ones are 429.
        assert _get(f"{base}/api/v1/lookup?phone=%2B60123456789", token)[0] == 404
        assert [_get(f"{base}/api/v1/lookup?phone=%2B60123456789", token)[0] for _ in range(6)] == [429] * 6

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert not _children(server.pid)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def _response(conn: socket.socket) -> bytes:
    """One whole HTTP response from a kept-alive connection: its head, then Content-Length bytes of body
    (the server may send them in separate segments)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += conn.recv(4096)
    return head + b"\r\n\r\n" + body


def test_crm_serve_refuses_a_port_another_server_listens_on(tmp_path):
    env = {**os.environ, "CRM_SECRET_KEY": "k" * 40, "CRM_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}
    with socket.create_server(("127.0.0.1", 0), reuse_port=True) as other:  # as granian listens
        port = other.getsockname()[1]
        ran = subprocess.run([CRM, "serve", "--port", str(port), "--workers", "1"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert ran.returncode != 0 and "already in use" in ran.stderr and "Traceback" not in ran.stderr
