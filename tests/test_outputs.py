"""Output sets: all or nothing under kills at every file operation, a manifest that ties
outputs to their inputs, stale datasets refused, shrinking refused."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hengyang_kg import outputs
from hengyang_kg.cli import main
from hengyang_kg.outputs import Inputs, OutputError, read_set, write_part

CLAIMS = "data/claims/900_0123456789abcdef.yaml"


def _inputs(tag: str, claims: int = 6) -> Inputs:
    return Inputs({"data/x.yaml": hashlib.sha256(tag.encode()).hexdigest()}, "1", "https://example.org/", {"s": claims})


OLD = {"hengyang.nq": b"old quads\n" * 1000, "hengyang.ttl": b"old turtle\n", "hengyang.trig": b"old trig\n"}
NEW = {"hengyang.nq": b"new quads\n" * 1000, "hengyang.ttl": b"new turtle\n", "hengyang.trig": b"new trig\n"}


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _is_complete(out: Path, files: dict[str, bytes], inputs: Inputs) -> bool:
    got = _snapshot(out)
    manifest = json.loads(got.pop("manifest.json"))
    report = {k: v for k, v in got.items() if k.startswith("conflicts")}
    data = {k: v for k, v in got.items() if not k.startswith("conflicts")}
    listed = {n: h for p in manifest["parts"].values() for n, h in p["files"].items()}
    return (data == files and manifest["build"] == inputs.build_id
            and all(hashlib.sha256(v).hexdigest() == listed[k] for k, v in got.items())
            and set(listed) == set(got) and (not report or manifest["parts"]["report"]["build"] == inputs.build_id))


def test_a_kill_at_any_file_operation_leaves_the_old_or_the_new_set(tmp_path):
    """Fork a writer, kill it (the test hook) at its n-th file operation, for every n."""
    out = tmp_path / "out"
    old, new = _inputs("old"), _inputs("new")
    seen = {"old": 0, "new": 0}
    n = 0
    while True:
        n += 1
        write_part(out, "dataset", OLD, old)
        write_part(out, "report", {"conflicts.json": b"{}"}, old)
        pid = os.fork()
        if pid == 0:  # the writer: replaces the dataset part, carries the report over
            outputs.fault_at, outputs._ops = n, 0
            try:
                write_part(out, "dataset", NEW, new)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        killed = os.waitstatus_to_exitcode(status) == 99
        state = "old" if _is_complete(out, OLD, old) else "new" if _is_complete(out, NEW, new) else None
        assert state, f"a kill at file operation {n} left a mixed or broken set: {sorted(_snapshot(out))}"
        seen[state] += 1
        if not killed:
            break
    assert n >= 10 and seen["old"] >= 5 and seen["new"] >= 2, (n, seen)
    write_part(out, "dataset", OLD, old)  # the next writer sweeps what the killed ones left
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_other_parts_are_kept_with_the_same_inputs_and_dropped_with_others(tmp_path):
    out = tmp_path / "out"
    write_part(out, "dataset", OLD, _inputs("a"))
    write_part(out, "report", {"conflicts.json": b"{}"}, _inputs("a"))
    assert sorted(read_set(out, ["hengyang.nq", "conflicts.json"]).files) == ["conflicts.json", "hengyang.nq"]
    done = write_part(out, "dataset", NEW, _inputs("b"))
    assert done.dropped == ["conflicts.json"] and not (out / "conflicts.json").exists()


def test_readers_never_see_a_mix_while_sets_are_swapped(tmp_path):
    out = tmp_path / "out"
    write_part(out, "dataset", OLD, _inputs("old"))
    stop, bad = threading.Event(), []

    def reader():
        while not stop.is_set():
            try:
                got = read_set(out, ["hengyang.nq", "hengyang.ttl"])  # raises on any hash mismatch
            except Exception as exc:  # noqa: BLE001 - any failure to read a whole set is a failure
                bad.append(repr(exc))
                continue
            if got.files["hengyang.nq"][:3] != got.files["hengyang.ttl"][:3]:
                bad.append(got.manifest["build"])

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(40):
            write_part(out, "dataset", NEW if i % 2 else OLD, _inputs("new" if i % 2 else "old"))
    finally:
        stop.set()
        t.join()
    assert not bad


def test_shrinking_is_refused_unless_allowed(tmp_path):
    out = tmp_path / "out"
    write_part(out, "dataset", OLD, _inputs("a", claims=6))
    with pytest.raises(OutputError, match=r"claims would be lost \(s: 6 → 0 claims\)"):
        write_part(out, "dataset", NEW, _inputs("b", claims=0))
    assert _is_complete(out, OLD, _inputs("a"))
    assert write_part(out, "dataset", NEW, _inputs("b", claims=0), allow_shrink=True).shrank == {"s": (6, 0)}


def test_a_directory_with_other_files_is_not_replaced(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"holds files that are not outputs of hengyang-kg \(notes.txt\)"):
        write_part(out, "dataset", OLD, _inputs("a"))
    assert (out / "notes.txt").read_text() == "mine"


# ---- through the command line, on the small fixture project ----

def _cli(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_build_killed_before_and_after_the_swap_then_swept(mini_root):
    out = mini_root / "out"
    assert _cli(mini_root, "build", "--out", str(out)).returncode == 0
    before = _snapshot(out)
    (mini_root / "data" / "entities.yaml").write_text(
        (mini_root / "data" / "entities.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    killed = _cli(mini_root, "build", "--out", str(out), env={"HENGYANG_KG_FAULT_AT": "5"})  # a write
    assert killed.returncode == 99 and _snapshot(out) == before
    assert list(mini_root.glob(".out.new-*"))
    killed = _cli(mini_root, "build", "--out", str(out), env={"HENGYANG_KG_FAULT_AT": "12"})  # after the swap
    assert killed.returncode == 99 and _snapshot(out) != before
    assert _cli(mini_root, "build", "--out", str(out)).returncode == 0
    assert not list(mini_root.glob(".out.new-*")) and not list(mini_root.glob(".out.old-*"))


def test_stale_datasets_are_refused_and_rebuilt_when_asked(mini_root, capsys):
    out = mini_root / "out"
    args = ["--root", str(mini_root), "query", "ASK { ?s ?p ?o }", "--dataset", str(out / "hengyang.nq")]
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 0
    assert main(["--root", str(mini_root), "report", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    build = json.loads((out / "manifest.json").read_text())["build"]
    assert f"report of build {build}" in err
    assert main(args) == 0
    claims = mini_root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8").replace("47天\n", "47天 \n"), encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    assert capsys.readouterr().err == (
        f"hengyang-kg: {out}/hengyang.nq is stale: {CLAIMS} changed. "
        f"Run 'hengyang-kg build --out {out}', or add --rebuild\n")
    assert main([*args, "--rebuild"]) == 0
    assert json.loads((out / "manifest.json").read_text())["build"] != build
    table = max((out / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    table.write_bytes(table.read_bytes()[:-1])
    assert main(args) == 1
    assert "was changed after it was written" in capsys.readouterr().err


def test_an_empty_claims_file_does_not_replace_a_good_output(mini_root, capsys):
    out = mini_root / "out"
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 0
    before = _snapshot(out)
    (mini_root / CLAIMS).write_text("source: 900_0123456789abcdef\nclaims: []\n", encoding="utf-8")
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 1
    assert main(["--root", str(mini_root), "build", "--out", str(out), "--allow-shrink"]) == 1
    assert _snapshot(out) == before
    assert "no claims for source 900_0123456789abcdef" in capsys.readouterr().err


def test_the_report_files_name_the_build_they_belong_to(mini_root):
    out = mini_root / "out"
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 0
    assert main(["--root", str(mini_root), "report", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    build = manifest["build"]
    assert manifest["parts"]["report"]["build"] == manifest["parts"]["dataset"]["build"] == build
    assert json.loads((out / "conflicts.json").read_text())["build"] == {"id": build, "version": manifest["version"]}
    assert f"Build `{build}` (hengyang-kg {manifest['version']})" in (out / "conflicts.md").read_text()
    assert f"Build <code>{build}</code>" in (out / "conflicts.html").read_text()
    # the id comes from the inputs, not the time: the same data, the same report; other data, another id
    before = {n: (out / n).read_bytes() for n in ("conflicts.json", "conflicts.md", "conflicts.html")}
    assert main(["--root", str(mini_root), "report", "--out", str(out)]) == 0
    assert {n: (out / n).read_bytes() for n in before} == before
    claims = mini_root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8").replace("47天\n", "47天 \n"), encoding="utf-8")
    other = mini_root / "other"
    assert main(["--root", str(mini_root), "report", "--out", str(other)]) == 0
    again = json.loads((other / "manifest.json").read_text())["build"]
    assert again != build and json.loads((other / "conflicts.json").read_text())["build"]["id"] == again
