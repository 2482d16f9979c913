"""``--base`` on every command that makes or reads IRIs: a dataset built with one base is
queried, served and pushed with that base, or refused saying both — never silently read
with another."""

from __future__ import annotations

import pytest

from hengyang_kg.cli import main

OTHER = "https://example.org/hk/"
DEFAULT = "https://w3id.org/hengyang-kg/"
ASK = "ASK { entity:defence_of_hengyang ?p ?o }"


@pytest.fixture()
def built(mini_root, monkeypatch, capsys):
    """The fixture project built with another base IRI; the environment names no base."""
    monkeypatch.delenv("HENGYANG_KG_BASE", raising=False)
    out = mini_root / "out"
    assert main(["--root", str(mini_root), "build", "--base", OTHER, "--out", str(out)]) == 0
    capsys.readouterr()
    return mini_root, out / "hengyang.nq"


def _query(root, dataset, *extra):
    return main(["--root", str(root), "query", ASK, "--format", "csv", "--dataset", str(dataset), *extra])


def test_query_follows_the_base_the_dataset_was_built_with(built, capsys):
    root, dataset = built
    assert _query(root, dataset) == 0
    got = capsys.readouterr()
    assert got.out.strip().splitlines()[-1] == "true"  # entity: is the dataset's own namespace
    assert f"built with base IRI {OTHER}; using it" in got.err


def test_query_with_another_base_is_refused_saying_both(built, capsys):
    root, dataset = built
    assert _query(root, dataset, "--base", DEFAULT) == 1
    err = capsys.readouterr().err
    assert f"was built with base IRI {OTHER}, not {DEFAULT}" in err and f"--base {OTHER}" in err
    assert _query(root, dataset, "--base", OTHER.rstrip("/")) == 0  # the same base, slash or not
    assert capsys.readouterr().out.strip().splitlines()[-1] == "true"


def test_the_environment_s_base_counts_as_asked_for(built, capsys, monkeypatch):
    root, dataset = built
    monkeypatch.setenv("HENGYANG_KG_BASE", DEFAULT)
    assert _query(root, dataset) == 1
    assert f"built with base IRI {OTHER}, not {DEFAULT}" in capsys.readouterr().err


def test_rebuild_builds_again_with_the_base_asked_for(built, capsys):
    root, dataset = built
    assert _query(root, dataset, "--base", DEFAULT, "--rebuild") == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "true"
    assert f'"base": "{DEFAULT}"' in (dataset.parent / "manifest.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["push", "--endpoint", "http://127.0.0.1:9/store"]])
def test_serve_and_push_refuse_another_base_before_anything_starts(built, capsys, command):
    root, dataset = built
    assert main(["--root", str(root), *command, "--dataset", str(dataset), "--base", DEFAULT]) == 1
    assert f"was built with base IRI {OTHER}, not {DEFAULT}" in capsys.readouterr().err
