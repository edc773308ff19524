"""Helpers and fixtures for the report and review tests (the test modules import them; a conftest.py
here would shadow tests/conftest.py): a hostile vault, a git helper, and headless Chromium driven
over the DevTools protocol (`--remote-debugging-pipe`: JSON messages on fds 3 and 4, no port)."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import git_env

OUTPUT = Path(__file__).resolve().parents[1] / "output"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")

# A note written to attack the HTML: each payload would set the title or add an element if it ran.
HOSTILE_NOTE = """\
# Hostile

- #hypothesis : <script>document.title = "pwned"</script> scripts run in the sheet #explanation : no, <img src=x onerror="document.title = 'pwned-img'"> they must show as text
- #hypothesis : a [link](javascript:document.title='pwned-link') is clickable #verifed : wrong, <b onmouseover="document.title='pwned-b'">bold</b> is text too
- I #wonder if <iframe src="https://example.com/"></iframe> loads
"""


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = git_env(date)
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env)
    return done.stdout


@pytest.fixture
def hostile_vault(make_vault) -> Path:
    """Three lifecycle items whose text holds `<script>`, `<img onerror>`, `javascript:` and an iframe;
    the note's name itself is markup too."""
    return make_vault({"Hostile.md": HOSTILE_NOTE, "<svg onload=alert(1)>.md": "#hypothesis : x #explanation : yes\n"})


class DevTools:
    """A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()

        def wire_fds() -> None:  # the browser reads commands on fd 3 and writes replies on fd 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_read, from_browser_write)]
            for number, fd in zip((3, 4), high):
                os.dup2(fd, number)
                os.set_inheritable(number, True)

        self.process = subprocess.Popen(
            [
                binary,
                *CHROMIUM_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "--window-size=1100,1400",
                "--hide-scrollbars",
                "--no-first-run",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds,
            close_fds=False,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._read_fd], [], [], remaining)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._read_fd, 1 << 16)
            if not chunk:
                raise ConnectionError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self.events.append(self._read_message(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (OSError, TimeoutError, ConnectionError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write_fd)
        os.close(self._read_fd)


class Page:
    """One tab: load a file, watch its network events, evaluate, screenshot."""

    def __init__(self, tools: DevTools) -> None:
        self.tools = tools
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            tools.send(f"{domain}.enable", session=self.session)
        self.target = target

    def open(self, path: Path) -> None:
        self.tools.events.clear()
        self.tools.send("Page.navigate", {"url": path.resolve().as_uri()}, session=self.session)
        self.tools.wait_for("Page.loadEventFired", self.session)
        time.sleep(0.3)  # let any late request or handler show itself
        self.evaluate("0")  # drain the events that came meanwhile

    def evaluate(self, expression: str) -> Any:
        result = self.tools.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.tools.events
            if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") == self.session
        ]

    def emulate(self, media: str = "", dark: bool = False) -> None:
        self.tools.send(
            "Emulation.setEmulatedMedia",
            {
                "media": media,
                "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}],
            },
            session=self.session,
        )

    def screenshot(self, name: str) -> Path:
        data = self.tools.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=self.session
        )["data"]
        OUTPUT.mkdir(exist_ok=True)
        target = OUTPUT / name
        target.write_bytes(base64.b64decode(data))
        return target

    def close(self) -> None:
        self.tools.send("Target.closeTarget", {"targetId": self.target})


def chromium_binary() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def devtools(tmp_path_factory):
    binary = chromium_binary()
    if binary is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium)")
    tools = DevTools(binary, tmp_path_factory.mktemp("chromium-profile"))
    try:
        tools.send("Browser.getVersion", timeout=60)
    except (TimeoutError, ConnectionError) as error:
        tools.close()
        pytest.skip(f"chromium did not start: {error}")
    yield tools
    tools.close()


@pytest.fixture
def page(devtools):
    tab = Page(devtools)
    yield tab
    tab.close()
