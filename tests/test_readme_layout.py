"""The README's layout section names every module, benchmark and script with its job."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def layout_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Layout")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def files_to_name() -> list[Path]:
    package = [p for p in (ROOT / "hengyang_kg").rglob("*.py") if p.name != "__init__.py"]
    tools = [p for d in ("bench", "scripts") for p in (ROOT / d).iterdir() if p.suffix in (".py", ".sh")]
    return sorted(package + tools)


def test_layout_names_every_module():
    layout = layout_section()
    missing = [str(p.relative_to(ROOT)) for p in files_to_name() if p.name not in layout]
    assert not missing, f"the README's Layout section does not name: {', '.join(missing)}"

