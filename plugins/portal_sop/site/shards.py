"""Which files of the site one build makes: all of them, or one part.

A province or the whole country is built in shards: each kabupaten's pages,
flowcharts, PDFs and data kinerja files (everything under `<kabupaten>/`)
on its own runner, then the portal-wide files (home, comparison pages,
downloads page, open data catalogue, hand-written pages, sitemap, search)
around them. A page's bytes depend on its own part only: the navigation of
a kabupaten page shows the portal-wide entries and its own kabupaten (the
MkDocs adapter scopes it so), and previous/next links stay inside a part
(`same_part`), so the shards put together are the single build byte for byte.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SHARED = ""  # the part of the portal-wide files


@dataclass(frozen=True)
class Part:
    """`regencies` (kabupaten folder names): those kabupaten's files, from a
    portal loaded for them alone; `kinerja_elsewhere` says that another
    kabupaten has data kinerja, so the portal has a comparison page.
    `shared`: the portal-wide files of the whole portal; the PDFs were
    rendered by the shards and `read` gives their bytes (the downloads page
    states their sizes). Neither: the whole site."""

    regencies: tuple[str, ...] = ()
    kinerja_elsewhere: bool = False
    shared: bool = False
    read: Callable[[str], bytes] | None = None

    @property
    def whole(self) -> bool:
        return not self.regencies and not self.shared


WHOLE = Part()


def part_of(path: str, regencies: set[str]) -> str:
    """The part a docs path belongs to: its kabupaten folder name, or SHARED."""
    top = path.split("/", 1)[0]
    return top if "/" in path and top in regencies else SHARED


def same_part(page: str, other: str, regencies: set[str]) -> bool:
    return part_of(page, regencies) == part_of(other, regencies)


def groups(names: list[str], most: int) -> list[list[str]]:
    """`names` (sorted) in at most `most` runs of neighbours, as even as
    possible: one shard per group when there are more kabupaten than
    runners a matrix may hold."""
    count = min(len(names), max(1, most))
    size, extra = divmod(len(names), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(names[start:end])
        start = end
    return out
