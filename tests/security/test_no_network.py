"""vaulttool opens no network connection (issue 16, SECURITY.md "No network"): every command and
format runs on the sample vault with Python's socket layer made to fail on any connection or name
lookup; git, the one program vaulttool starts, runs with `protocol.allow=never`."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from vaulttool.cli import main
from vaulttool.gitcmd import FIXED_OVERRIDES

RUNS = [
    ("status", "--all"),
    ("tags", "--format", "json"),
    ("check", "--format", "sarif"),
    ("graph",),
    ("graph", "--format", "gexf"),
    ("verify", "--format", "json"),
    ("report", "--format", "html"),
    ("report", "--format", "json"),
    ("review", "--format", "html"),
    ("review",),
]


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("run", RUNS, ids=" ".join)
def test_no_command_connects_anywhere(no_network, untouched_vault, run):
    result = CliRunner().invoke(main, [run[0], str(untouched_vault), *run[1:]])
    assert result.exit_code in (0, 1), result.output
    assert no_network == []


def test_git_may_use_no_transport():
    assert ("protocol.allow", "never") in FIXED_OVERRIDES
