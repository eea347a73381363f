"""Line numbers of YAML keys, so findings that name a key (`camat.nip`,
`pelaksana.2`) can point at a line, e.g. in GitHub annotations, and every
scalar with its line for the placeholder check. Both compose with the safe
loader of `safeyaml`, so an alias bomb or deep nesting cannot hang them."""
from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..safeyaml import YamlError, compose

def _compose_quietly(text: str) -> Node | None:
    try:
        return compose(text)
    except YamlError:
        return None


def key_line(text: str, key: str) -> int | None:
    """1-based line of `key` (dotted; list items counted from 1), or of the
    deepest part of it that exists; None when the text is not YAML."""
    node = _compose_quietly(text)
    line = None
    for part in key.split("."):
        if isinstance(node, MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, SequenceNode) and part.isdigit() and 1 <= int(part) <= len(node.value):
            node = node.value[int(part) - 1]
            line = node.start_mark.line + 1
        else:
            break
    return line


def scalars(text: str) -> Iterator[tuple[str, str, int]]:
    """Every scalar value as (dotted key, value, 1-based line); nothing for a
    file the safe loader refuses (the loader reports it)."""
    root = _compose_quietly(text)

    def walk(node: Node, key: str) -> Iterator[tuple[str, str, int]]:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                yield from walk(v, f"{key}.{k.value}" if key else str(k.value))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value, start=1):
                yield from walk(item, f"{key}.{index}")
        elif isinstance(node, ScalarNode):
            yield key, str(node.value), node.start_mark.line + 1

    if root is not None:
        yield from walk(root, "")
