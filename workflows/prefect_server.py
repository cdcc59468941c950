"""A Prefect server beside ``workplan serve``: ``prefect server start`` on loopback, its
database under the workplan home, so the Prefect UI shows every run and keeps them across
restarts. Started once per process, stopped with it (and, on Linux, when it dies)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from config.settings import Settings
from workflows.prefect_env import STARTUP_TIMEOUT, prefect_environment

HOST = "127.0.0.1"


class ServerDidNotStart(RuntimeError):
    """The Prefect server did not answer in time (its log says why)."""

    def __init__(self, url: str, log: Path, seconds: float) -> None:
        super().__init__(f"{url} did not answer within {seconds:.0f} s; see {log}")
        self.url, self.log, self.seconds = url, log, seconds


@dataclass
class PrefectServer:
    """A running Prefect server: its API address, and the process when we started it."""

    url: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def ui(self) -> str:
        return self.url.removesuffix("/api")

    def stop(self) -> None:
        """Stop the server if this process started it."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def healthy(url: str) -> bool:
    """Whether a Prefect API answers at ``url``."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def start_server(settings: Settings, *, timeout: float = STARTUP_TIMEOUT) -> PrefectServer:
    """The Prefect server on ``settings.prefect_port``: one already answering there is
    used, else ``prefect server start`` is started and waited for."""
    url = f"http://{HOST}:{settings.prefect_port}/api"
    if healthy(url):
        return PrefectServer(url)
    home = Path(prefect_environment(settings)["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST,
               "--port", str(settings.prefect_port)]
    env = {**os.environ, **prefect_environment(settings)}
    env.pop("PREFECT_API_URL", None)
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if healthy(url):
            return PrefectServer(url, process)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    PrefectServer(url, process).stop()
    raise ServerDidNotStart(url, log, timeout)


def _die_with_parent() -> None:
    """In the child: receive SIGTERM when the parent dies (Linux), so no server is left."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
