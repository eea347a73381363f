"""Same data, same bytes for Pagefind's bundle.

Pagefind writes the values of each filter in hash-map order, so the filter
files, the metadata file that names them and the entry file change from one
run to the next although nothing else does (upstream issue 638: fragments
became stable in 1.3, "filter/metadata indexes" did not). Here the values
are sorted, and the files renamed after their content and the references
to them patched, so the whole bundle is byte-for-byte reproducible.

The files are gzip-compressed CBOR behind a "pagefind_dcd" signature; only
the few CBOR items that occur in them are read.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _head(buf: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of a CBOR item."""
    first = buf[pos]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(buf[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _end(buf: bytes, pos: int) -> int:
    """Position just after the CBOR item at `pos`."""
    major, arg, pos = _head(buf, pos)
    if major in (0, 1):
        return pos
    if major in (2, 3):
        return pos + arg
    if major in (4, 5):
        for _ in range(arg * (2 if major == 5 else 1)):
            pos = _end(buf, pos)
        return pos
    raise ValueError(f"unexpected CBOR major type {major}")


def _text(buf: bytes, pos: int) -> str:
    major, length, start = _head(buf, pos)
    if major != 3:
        raise ValueError("expected CBOR text")
    return buf[start:start + length].decode("utf-8")


def _encode_text(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) < 24:
        return bytes([0x60 | len(data)]) + data
    if len(data) < 256:
        return bytes([0x78, len(data)]) + data
    return bytes([0x79]) + len(data).to_bytes(2, "big") + data


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return data[len(SIGNATURE):]


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + body, mtime=0))


def _sorted_filter(body: bytes) -> tuple[str, bytes]:
    """A filter file's name and its body with the values in sorted order."""
    _, _, pos = _head(body, 0)  # [name, [[value, [pages]], ...]]
    name = _text(body, pos)
    values_at = _end(body, pos)
    _, count, pos = _head(body, values_at)
    items = []
    for _ in range(count):
        end = _end(body, pos)
        _, _, inner = _head(body, pos)
        items.append((_text(body, inner), body[pos:end]))
        pos = end
    items.sort(key=lambda item: item[0])
    return name, body[:values_at] + body[values_at:_head(body, values_at)[2]] + b"".join(i for _, i in items) + body[pos:]


def _content_name(old_stem: str, body: bytes) -> str:
    prefix, _, digest = old_stem.rpartition("_")
    return f"{prefix}_{hashlib.sha256(body).hexdigest()[:len(digest)]}"


def stabilise(bundle: Path) -> None:
    bundle = Path(bundle)
    pairs: list[tuple[str, str, str]] = []  # filter name, old file stem, new file stem
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, body = _sorted_filter(_read(path))
        stem = _content_name(path.stem, body)
        path.unlink()
        _write(path.with_name(f"{stem}.pf_filter"), body)
        pairs.append((name, path.stem, stem))
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    if not pairs or len(metas) != 1:
        return
    meta = metas[0]
    body = _read(meta)
    # The list of [filter name, file] pairs, also in hash-map order.
    old = {name: b"\x82" + _encode_text(name) + _encode_text(stem) for name, stem, _ in pairs}
    new = {name: b"\x82" + _encode_text(name) + _encode_text(stem) for name, _, stem in pairs}
    spans = sorted((body.index(encoded), name) for name, encoded in old.items())
    start, end = spans[0][0], spans[0][0] + sum(len(e) for e in old.values())
    if b"".join(old[name] for _, name in spans) != body[start:end]:
        raise ValueError("unexpected layout of the Pagefind metadata file")
    body = body[:start] + b"".join(new[name] for name in sorted(new)) + body[end:]
    old_hash = meta.name[len("pagefind."):-len(".pf_meta")]
    new_hash = _content_name(old_hash, body)
    meta.unlink()
    _write(meta.with_name(f"pagefind.{new_hash}.pf_meta"), body)
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text("utf-8"))
    for language in data.get("languages", {}).values():
        if language.get("hash") == old_hash:
            language["hash"] = new_hash
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
