"""The README is tested: its commands are real and every command and rule is documented."""

from __future__ import annotations

import re
import subprocess

from hengyang_kg.cli import _parser
from hengyang_kg.text.quantities import APPROXIMATIONS

from .conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_quickstart_is_two_make_commands_that_exist():
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make report", "make test"]
    for target in ("report", "test"):
        proc = subprocess.run(["make", "-n", "-C", str(PROJECT), target], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    commands = _parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`hengyang-kg {name}" in README, name


def test_every_interval_rule_is_in_the_table():
    table = README.split("## Values: interval rules")[1].split("##")[0]
    rows = {m.group(1) for m in re.finditer(r"^\| (\w+) \|", table, re.M)} - {"rule"}
    assert rows == set(APPROXIMATIONS)


def test_every_dependency_is_justified():
    import tomllib

    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    section = README.split("## Dependencies and why")[1]
    for dep in deps:
        name = re.split(r"[<>=\[]", dep)[0]
        assert f"| {name} |" in section, name


def test_benchmark_figures_are_filled_in():
    assert "BENCH_TABLE" not in README
    assert "python bench/bench.py" in README
