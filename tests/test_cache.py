"""The one render cache: keys, atomic entries, manifest and pruning."""
from __future__ import annotations

import json

from portal_sop import cache
from portal_sop.cache import Cache, content_key
from portal_sop.flowchart import dot_version


def test_content_key_separates_parts():
    assert content_key("ab", "c") != content_key("a", "bc")
    assert content_key("a", b"b") == content_key(b"a", "b")
    assert len(content_key()) == 64


def test_renderer_version_follows_package_and_tools():
    assert cache.renderer_version("dot 2") != cache.renderer_version("dot 3")
    assert cache.package_version() in ("0+source",) or cache.package_version()[0].isdigit()
    assert "graphviz" in dot_version().lower()


def test_entry_round_trip_and_manifest(tmp_path):
    store = Cache(tmp_path, ".svg")
    key = content_key("x")
    assert store.get("a/diagram.svg", key) is None
    store.put("a/diagram.svg", key, b"<svg/>")
    assert (tmp_path / f"{key}.svg").read_bytes() == b"<svg/>"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert Cache(tmp_path, ".svg").get("a/diagram.svg", key) == b"<svg/>"
    store.prune()
    assert json.loads((tmp_path / "manifest.json").read_text("utf-8")) == {"outputs": {"a/diagram.svg": key}}
    assert store.manifest() == {"a/diagram.svg": key}


def test_superseded_entries_removed_only_by_prune(tmp_path):
    old, new, gone = content_key("v1"), content_key("v2"), content_key("deleted sop")
    first = Cache(tmp_path, ".pdf")
    first.put("a.pdf", old, b"1")
    first.put("b.pdf", gone, b"b")
    first.prune()
    # The next build changes a.pdf and no longer has b.pdf.
    second = Cache(tmp_path, ".pdf")
    second.put("a.pdf", new, b"2")
    # Until the build succeeded, the old entries stay (a failed build never prunes).
    assert {p.name for p in tmp_path.glob("*.pdf")} == {f"{old}.pdf", f"{new}.pdf", f"{gone}.pdf"}
    removed = second.prune()
    assert sorted(p.name for p in removed) == sorted([f"{old}.pdf", f"{gone}.pdf"])
    assert {p.name for p in tmp_path.glob("*.pdf")} == {f"{new}.pdf"}
    assert second.manifest() == {"a.pdf": new}


def test_prune_leaves_other_files_alone(tmp_path):
    (tmp_path / "README").write_text("mine", "utf-8")
    (tmp_path / "x.pdf").write_bytes(b"not a key")
    Cache(tmp_path, ".pdf").prune()
    assert (tmp_path / "README").exists() and (tmp_path / "x.pdf").exists()


def test_no_directory_means_no_cache():
    store = Cache(None, ".svg")
    store.put("a.svg", content_key("x"), b"1")
    assert store.get("a.svg", content_key("x")) is None
    assert store.prune() == []


def test_unwritable_cache_is_skipped_with_a_warning(tmp_path, caplog):
    # A file where the cache folder should be: mkdir fails even for root.
    (tmp_path / "pdf").write_text("", "utf-8")
    store = Cache(tmp_path / "pdf", ".pdf")
    store.put("a.pdf", content_key("x"), b"1")
    store.put("b.pdf", content_key("y"), b"2")
    assert caplog.text.count("Tembolok") == 1
    assert store.used == {"a.pdf": content_key("x"), "b.pdf": content_key("y")}
