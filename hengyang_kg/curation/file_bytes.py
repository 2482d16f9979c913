"""Reading a curated file safely: a size guard, and one clear error for a file that is
empty or not in UTF-8 (naming the likely encoding and how to convert it).

A claims or entities file saved in GBK/GB18030 or Big5 by an editor on Chinese Windows is
a common mistake; it gets one error naming the file, the encoding it most likely is, and
the ``iconv`` command that converts it, never a traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from hengyang_kg.errors import DataError

MIB = 1 << 20
# Far above anything curated (the largest source text is about 100 KiB, the largest
# claims file about 200 KiB), far below what would take seconds or gigabytes to parse.
MAX_BYTES = {"yaml": 8 * MIB, "text": 16 * MIB}


class Unreadable(Exception):
    """A file refused before parsing; ``error`` says where, what and how to fix it."""

    def __init__(self, error: DataError):
        self.error = error
        super().__init__(str(error))


def likely_encoding(data: bytes) -> str | None:
    """The encoding a non-UTF-8 file most likely has, by trial decoding.

    >>> likely_encoding("衡阳保卫战".encode("gb18030"))
    'GB18030'
    >>> likely_encoding("衡陽保衛戰".encode("big5"))
    'BIG5'
    >>> likely_encoding("衡阳".encode("utf-16"))
    'UTF-16'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    scores = {}
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        wide = [ch for ch in text if ord(ch) > 0x7F]
        if wide and sum(_plausible(ch) for ch in wide) >= 0.9 * len(wide):
            scores[enc.upper()] = sum(_common(ch, enc) for ch in wide) / len(wide)
    return max(scores, key=lambda e: scores[e]) if scores else None


def _common(ch: str, enc: str) -> bool:
    """In the encoding's set of common characters (GB2312; Big5's level 1)?"""
    try:
        if enc == "gb18030":
            ch.encode("gb2312")
            return True
        b = ch.encode("big5")
        return len(b) == 1 or 0xA1 <= b[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _plausible(ch: str) -> bool:
    """Han characters, CJK punctuation and full-width forms: what a Chinese text is made of."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def decode(data: bytes, f: str) -> str:
    """The text of a file's bytes, or :class:`Unreadable` naming the file and the fix."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        enc = likely_encoding(data)
        what = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded)"
        if enc:
            what += f"; it looks like {enc}"
            fix = f"convert it to UTF-8: iconv -f {enc} -t UTF-8 {f} > {f}.utf8 && mv {f}.utf8 {f}"
        else:
            fix = f"save it as UTF-8 (iconv -f ENCODING -t UTF-8 {f} > {f}.utf8 && mv {f}.utf8 {f})"
        raise Unreadable(DataError(f, line, what, fix)) from None


EMPTY_FIX = "restore it from version control (git checkout -- FILE), or fill it in"


def read_checked(path: Path, f: str, kind: str, empty_fix: str = EMPTY_FIX) -> bytes:
    """A file's bytes, refused quickly (before reading) when absurdly large, or when empty."""
    size = path.stat().st_size
    limit = MAX_BYTES[kind]
    if size > limit:
        raise Unreadable(DataError(
            f, 1, f"the file is {size / MIB:.1f} MiB, over the {limit // MIB} MiB limit for a curated file",
            "check that this is the right file (curated files are far smaller); split it if it truly is"))
    data = path.read_bytes()
    if not data.strip():
        raise Unreadable(DataError(f, 1, "the file is empty", empty_fix.replace("FILE", f)))
    return data
