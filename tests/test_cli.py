"""The command line: help everywhere, exit codes, atomic writes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hengyang_kg.cli import _parser, main

from .conftest import ROOT

COMMANDS = sorted(_parser()._subparsers._group_actions[0].choices)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hengyang_kg.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_with_an_example_on_every_command(command):
    proc = run(command, "--help")
    assert proc.returncode == 0
    assert "example: hengyang-kg " + command in proc.stdout


def test_usage_errors_exit_2():
    assert run("no-such-command").returncode == 2
    assert run().returncode == 2
    assert run("--root", str(ROOT), "coverage", "999").returncode == 2


def test_validate_ok_exits_0(capsys):
    assert main(["--root", str(ROOT), "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_coverage_json_and_min(capsys):
    assert main(["--root", str(ROOT), "coverage", "--json"]) == 0
    assert main(["--root", str(ROOT), "coverage", "--min", "101"]) == 1


def test_a_failed_write_leaves_the_previous_outputs(mini_root, monkeypatch, capsys):
    from hengyang_kg import outputs

    out = mini_root / "out"
    out.mkdir()
    (out / "hengyang.trig").write_bytes(b"previous")
    real = outputs._write_one
    calls = []

    def failing_write(path, artefact):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, artefact)

    monkeypatch.setattr(outputs, "_write_one", failing_write)
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["hengyang.trig"]
    assert (out / "hengyang.trig").read_bytes() == b"previous"
    assert sorted(p.name for p in mini_root.iterdir()) == [".out.lock", "data", "out"]
    assert capsys.readouterr().err == (f"hengyang-kg: cannot write {out}: No space left on device; "
                                       "the previous outputs are unchanged\n")
