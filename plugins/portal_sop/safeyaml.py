"""A safe YAML loader for data that arrives by pull request.

Data files are written by anyone, so `load` accepts only what the portal's
files need, and says in Indonesian, with the line, what it refuses:

- the YAML 1.2 core schema only: text, whole and decimal numbers, true/false,
  null, lists and mappings. Dates stay text (`values.parse_tanggal` reads
  them, so "2024-13-45" is a finding, not a crash); no tags (`!!binary`,
  `!!python/...`, `!custom`) except the core ones (`!!str`, `!!int`...);
- no aliases (`*name`) and no merge keys: one alias can expand a 1 KB file
  into gigabytes (a "billion laughs" bomb), and the portal's files never
  need them;
- at most `MAX_DEPTH` nested lists/mappings (the deepest real file,
  datapackage.yaml, has 6), checked while composing, so 50 000 `[` give a
  finding instead of a RecursionError;
- a key written twice in one mapping is an error naming both lines
  (PyYAML silently keeps the last one).

`sop.yamlsource` (line numbers of keys for the placeholder check and GitHub
annotations) composes with the same loader, so it cannot hang on a file the
loader refuses.
"""
from __future__ import annotations

import re
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_DEPTH = 32

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
CORE_TAGS = {STR, INT, FLOAT, BOOL, NULL, SEQ, MAP}


class YamlError(ValueError):
    """A file the safe loader refuses; `line` is 1-based (None if unknown)."""

    def __init__(self, message: str, line: int | None, code: str = "yaml-tidak-sah", column: int | None = None):
        super().__init__(message)
        self.message, self.line, self.code, self.column = message, line, code, column


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: no timestamps, no yes/no booleans, no merge keys."""


_CoreResolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"),
)


class _Loader(Reader, Scanner, Parser, Composer, _CoreResolver):
    """PyYAML's pure-Python pipeline up to nodes, with depth and alias checks
    made before each node is composed."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent):
            raise YamlError(
                f"alias YAML (*{event.anchor}) tidak diizinkan di berkas data; tulis nilainya langsung",
                line, "yaml-alias",
            )
        if isinstance(event, CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise YamlError(
                    f"isi YAML bertingkat lebih dari {MAX_DEPTH} lapis; berkas data portal tidak sedalam itu",
                    line, "yaml-terlalu-dalam",
                )
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def compose(text: str) -> Node | None:
    """The node tree of `text` (None for an empty file); raises `YamlError`."""
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise YamlError(
            f"berkas berisi karakter kendali U+{exc.character:04X} yang tidak boleh ada di YAML; hapus karakter itu "
            "(biasanya terbawa dari salinan dokumen)", line, "yaml-karakter-tidak-sah",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "format tidak sah"
        raise YamlError(
            f"YAML tidak dapat dibaca ({problem}); periksa titik dua, tanda kutip dan indentasi",
            mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML tidak dapat dibaca ({exc}); periksa isi berkas", None) from None
    finally:
        if loader is not None:
            loader.dispose()


def load(text: str) -> Any:
    """Python values of `text` under the rules of this module."""
    node = compose(text)
    return None if node is None else _construct(node)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _construct(node: Node) -> Any:
    if node.tag not in CORE_TAGS:
        raise YamlError(
            f'tag YAML "{node.tag}" tidak diizinkan; tulis nilai biasa tanpa tanda "!"', _line(node), "yaml-tag-tidak-sah",
        )
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        if node.tag != SEQ:
            raise YamlError(f'tag YAML "{node.tag}" tidak cocok untuk daftar', _line(node), "yaml-tag-tidak-sah")
        return [_construct(item) for item in node.value]
    if not isinstance(node, MappingNode) or node.tag != MAP:
        raise YamlError(f'tag YAML "{node.tag}" tidak cocok untuk pasangan kunci', _line(node), "yaml-tag-tidak-sah")
    result: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise YamlError("kunci YAML harus teks biasa, bukan daftar atau pasangan", _line(key_node), "yaml-kunci-tidak-sah")
        key = _construct(key_node)
        if key in result:
            raise YamlError(
                f'kunci "{key}" ditulis dua kali (baris {lines[key]} dan {_line(key_node)}); hapus salah satunya',
                _line(key_node), "yaml-kunci-ganda",
            )
        lines[key] = _line(key_node)
        result[key] = _construct(value_node)
    return result


def _scalar(node: ScalarNode) -> Any:
    value = node.value
    if node.tag == STR:
        return value
    if node.tag == NULL:
        if value not in ("", "~", "null", "Null", "NULL"):
            raise YamlError(f'"{value}" bukan null', _line(node), "yaml-tag-tidak-sah")
        return None
    if node.tag == BOOL:
        if value.lower() not in ("true", "false"):
            raise YamlError(f'"{value}" bukan true atau false', _line(node), "yaml-tag-tidak-sah")
        return value.lower() == "true"
    try:
        if node.tag == INT:
            if len(value) > 100:
                raise ValueError(value)
            if value.startswith(("0o", "0x")):
                return int(value[2:], 8 if value[1] == "o" else 16)
            return int(value)
        if value.lower().lstrip("+-") == ".inf":
            return float("-inf" if value.startswith("-") else "inf")
        if value.lower() == ".nan":
            return float("nan")
        if len(value) > 100:
            raise ValueError(value)
        return float(value)
    except ValueError:
        raise YamlError(
            f'angka "{value[:40]}{"…" if len(value) > 40 else ""}" tidak dapat dibaca atau terlalu panjang; '
            "bila maksudnya teks, apit dengan tanda kutip",
            _line(node), "yaml-angka-tidak-sah",
        ) from None
