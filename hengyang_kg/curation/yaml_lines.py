"""YAML in, with the line of every mapping and key kept for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's C parser when PyYAML was built with it (the wheels are), the Python one otherwise;
# either way the nodes carry their marks, so lines are kept.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser: read again only to word a syntax error (its messages say more)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


for _cls in (_Loader, _PyLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _no_dates(loader: _Loader, node: yaml.ScalarNode) -> str:
    """Dates stay strings: 1944-06-23 is a value to parse, not a YAML date."""
    return str(loader.construct_scalar(node))


for _cls in (_Loader, _PyLoader):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _no_dates)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors carry their line."""
    return parse_yaml(path.read_text(encoding="utf-8"))


def parse_yaml(text: str) -> Any:
    """Parse YAML text; syntax errors carry their line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError:
        pass
    try:
        return yaml.load(text, Loader=_PyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, f"YAML syntax error: {exc.problem or exc}") from None


def line_of(obj: Any, key: str | None = None, default: int = 1) -> int:
    """The line of a mapping, or of one of its keys."""
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return default
