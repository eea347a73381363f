"""The safe YAML loader (issue 10): aliases, tags, depth, duplicate keys,
and the loader's findings for each in a data copy."""
from __future__ import annotations

import time

import pytest
import yaml
from conftest import SOP, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from portal_sop import safeyaml as yamlsource
from portal_sop.safeyaml import MAX_DEPTH, YamlError, load
from portal_sop.sop.yamlsource import key_line, scalars

BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
)


def error(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        load(text)
    return caught.value


def test_core_schema_values():
    assert load("a: 1\nb: 1.5\nc: true\nd: null\ne: teks\nf: [1, x]\ng: 2025-01-02\nh: yes\ni: 0x1f\n") == {
        "a": 1, "b": 1.5, "c": True, "d": None, "e": "teks", "f": [1, "x"], "g": "2025-01-02", "h": "yes", "i": 31,
    }


def test_alias_is_refused_with_its_line():
    e = error("a: &x 1\nb: *x\n")
    assert (e.code, e.line) == ("yaml-alias", 2) and "*x" in e.message


def test_alias_bomb_is_refused_at_once():
    started = time.monotonic()
    assert error(BOMB).code == "yaml-alias"
    assert list(scalars(BOMB)) == [] and key_line(BOMB, "a8") is None
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("text", ["a: !!binary aGVsbG8=\n", "a: !!python/object:os.system x\n", "a: !custom x\n",
                                  "a: !!timestamp 2025-01-02\n", "a: !!set {x}\n"])
def test_tags_beyond_the_core_schema_are_refused(text):
    e = error(text)
    assert e.code in ("yaml-tag-tidak-sah", "yaml-tidak-sah") and e.line == 1


def test_explicit_core_tags_are_fine():
    assert load("a: !!str 123\nb: !!int '7'\n") == {"a": "123", "b": 7}


def test_duplicate_key_names_both_lines():
    e = error("nama: A\nnomor: 1\nnama: B\n")
    assert e.code == "yaml-kunci-ganda" and e.line == 3 and "baris 1 dan 3" in e.message


def test_duplicate_key_in_nested_mapping():
    assert error("camat:\n  nama: A\n  nama: B\n").line == 3


@pytest.mark.parametrize("text", ["[" * 50_000, "a:\n" + "".join(f"{' ' * (i + 1)}b:\n" for i in range(200)), "- " * 5000 + "x"])
def test_deep_nesting_is_refused_without_recursion_error(text):
    e = error(text)
    assert e.code == "yaml-terlalu-dalam" and str(MAX_DEPTH) in e.message


def test_long_number_is_an_error_not_a_crash():
    assert error("nip: " + "1" * 5000 + "\n").code == "yaml-angka-tidak-sah"


def test_non_scalar_key_is_refused():
    assert error("? [a, b]\n: 1\n").code == "yaml-kunci-tidak-sah"


# --- property tests --------------------------------------------------------

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60)
@given(yaml_values)
def test_safe_load_reads_what_pyyaml_writes(value):
    """Anything without aliases, tags or dates round-trips like yaml.safe_load."""
    text = yaml.safe_dump({"k": value}, allow_unicode=True)
    assert load(text) == yaml.safe_load(text)


@settings(max_examples=150)
@given(st.text(alphabet=st.sampled_from(list("[]{}:-,&*!|>'\"#?\n x\x00\x01\u202e\u200b\ufeff\t")), max_size=200))
def test_any_text_loads_or_gives_a_yaml_error(text):
    try:
        load(text)
    except YamlError as exc:
        assert exc.message and exc.code.startswith("yaml-")
    list(scalars(text))
    key_line(text, "a.b")


@settings(max_examples=20)
@given(st.integers(MAX_DEPTH + 1, 3000), st.sampled_from(["[", "{a: "]))
def test_any_depth_beyond_the_limit_is_refused(depth, opener):
    assert error(opener * depth).code == "yaml-terlalu-dalam"


# --- the loader's findings, through the CLI -------------------------------


def validate(data):
    return run_cli("validate", str(data.root))


def sop_text(data, extra: str) -> None:
    data.sop_file.write_text(yaml.safe_dump(SOP, allow_unicode=True, sort_keys=False) + extra, "utf-8")


def test_alias_bomb_under_unknown_key_is_quick_and_named(data):
    sop_text(data, "lain:\n" + "\n".join("  " + line for line in BOMB.splitlines()) + "\n")
    started = time.monotonic()
    result = validate(data)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "pelayanan-contoh/sop.yaml:" in result.output and "[yaml-alias]" in result.output


def test_alias_inside_disahkan_oleh(data):
    anchors = "\n".join(f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}" if i else "x"] * 9) + "]" for i in range(9))
    data.sop_file.write_text(anchors + "\n" + yaml.safe_dump(SOP, allow_unicode=True, sort_keys=False).replace(
        "  nama: BUDI SANTOSO, S.STP\n", "  nama: *b8\n", 1), "utf-8")
    result = validate(data)
    assert result.exit_code == 1 and "sop.yaml:2:" in result.output and "[yaml-alias]" in result.output


def test_binary_tag_in_sop_yaml(data):
    sop_text(data, "logo_data: !!binary aGVsbG8=\n")
    result = validate(data)
    assert result.exit_code == 1 and "[yaml-tag-tidak-sah]" in result.output


def test_duplicate_key_in_sop_yaml_names_both_lines(data):
    sop_text(data, "nama: Nama Kedua\n")
    result = validate(data)
    assert result.exit_code == 1
    assert "ditulis dua kali (baris 2 dan" in result.output and "[yaml-kunci-ganda]" in result.output


def test_fifty_thousand_levels_of_nesting(data):
    sop_text(data, "lain: " + "[" * 50_000 + "\n")
    result = validate(data)
    assert result.exit_code == 1 and "[yaml-terlalu-dalam]" in result.output


def test_impossible_date_is_a_finding(data):
    data.sop_with(tanggal_pembuatan="2024-13-45")
    text = data.sop_file.read_text("utf-8").replace("'2024-13-45'", "2024-13-45")
    data.sop_file.write_text(text, "utf-8")
    result = validate(data)
    assert result.exit_code == 1
    assert 'sop.yaml:tanggal_pembuatan: galat: tanggal "2024-13-45" tidak ada di kalender' in result.output


def test_yaml_dates_still_read(data):
    text = data.sop_file.read_text("utf-8").replace("'2025-01-02'", "2025-01-02")
    data.sop_file.write_text(text, "utf-8")
    assert validate(data).exit_code == 0


def test_module_refuses_what_pyyaml_safe_load_accepts():
    """The reasons for this module: PyYAML's SafeLoader takes all of these."""
    for text in ("a: !!binary aGVsbG8=\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n"):
        yaml.safe_load(text)
        with pytest.raises(YamlError):
            yamlsource.load(text)
