"""scripts/screenshots.py: its PNGs are small palette images, and the README shows each."""

from __future__ import annotations

import importlib.util
import io
import re

from PIL import Image, ImageDraw

from .conftest import PROJECT

spec = importlib.util.spec_from_file_location("screenshots", PROJECT / "scripts" / "screenshots.py")
shots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shots)


def test_a_screenshot_is_reduced_to_a_small_palette_png():
    img = Image.new("RGB", (640, 400), "#fafafa")
    draw = ImageDraw.Draw(img)
    for i in range(0, 400, 8):  # many shades, as antialiased text has
        draw.line([(0, i), (640, 400 - i)], fill=(i % 256, (i * 3) % 256, 200), width=3)
    raw = io.BytesIO()
    img.save(raw, format="PNG")
    small = shots.small_png(raw.getvalue())
    got = Image.open(io.BytesIO(small))
    assert got.mode == "P" and len(got.getcolors()) <= 32 and got.size == (640, 400)
    assert len(small) < len(raw.getvalue())


def test_the_readme_shows_every_screenshot_the_script_writes():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((docs/img/[a-z-]+\.png)\)", readme))
    written = {f"docs/img/{n}.png" for n in ("report-opening", "entity-page", "web-page")}
    assert written <= shown and all((PROJECT / p).is_file() for p in shown)
    assert "scripts/screenshots.py" in readme
