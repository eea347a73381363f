"""Writing `sop_data/` files: kecamatan.yaml, sop.yaml and langkah.csv.

Shared by `portal-sop new` (scaffold) and `portal-sop import`, so both write
every field of the format in schema order, each with its Indonesian
description as a YAML comment. Existing files are never overwritten.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import inputs, spec
from ..errors import UserError
from ..spec import DISTRICT_FILE, SOP_FILE, STEPS_FILE
from ..templating import render

# A value that still starts with this marker is an unfilled placeholder;
# `placeholders.check_placeholders` reports it as an error.


class DataFileError(UserError):
    """A user error while writing data files; the message is Indonesian."""


def _yaml_value(value: Any) -> Markup:
    """A YAML scalar: empty stays empty (null), text is JSON-quoted (valid YAML)."""
    if value is None or value == "":
        return Markup('""')
    return Markup(json.dumps(str(value), ensure_ascii=False))


def _comment(text: str) -> Markup:
    return Markup(str(text).replace("\r", " ").replace("\n", "\n# "))


def _render(template: str, spec_name: str, values: dict[str, Any], header: list[str], notes: dict[str, list[str]]) -> str:
    return render(
        template,
        fields=spec.descriptor(spec_name)["fields"],
        values=values,
        header=header,
        notes=notes,
        y=_yaml_value,
        c=_comment,
    )


def _empty_dates(text: str, keys: tuple[str, ...]) -> str:
    # An empty date is written as a bare key (null) rather than "".
    for key in keys:
        text = text.replace(f'\n{key}: ""\n', f"\n{key}:\n")
    return text


@dataclass
class DistrictFile:
    kabupaten: str
    kecamatan: str
    camat: dict[str, str] = field(default_factory=dict)
    alamat: str = ""
    header: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def text(self) -> str:
        values = {"kabupaten": self.kabupaten, "kecamatan": self.kecamatan, "alamat": self.alamat, "logo": "", "camat": self.camat}
        return _render("data/kecamatan.yaml.j2", spec.DISTRICT_SPEC, values, self.header, self.notes)


@dataclass
class SopFiles:
    """One SOP folder: the sop.yaml values (keys as in the schema) and the
    langkah.csv rows (dicts keyed by column name)."""

    values: dict[str, Any]
    steps: list[dict[str, Any]]
    header: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def yaml_text(self) -> str:
        text = _render("data/sop.yaml.j2", spec.SOP_SPEC, self.values, self.header, self.notes)
        return _empty_dates(text, ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "satuan_waktu"))

    def csv_text(self) -> str:
        columns = spec.field_names(spec.STEPS_SCHEMA)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in self.steps:
            writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
        return out.getvalue()


def refuse_existing(*targets: Path) -> None:
    for target in targets:
        if os.path.lexists(target):
            raise DataFileError(f"{target} sudah ada; berkas yang ada tidak ditimpa. Hapus atau ganti namanya dulu bila memang ingin membuat ulang.")


def _confine(folder: Path, root: Path | None) -> None:
    """Never write through a link that leaves the data folder (input rule)."""
    if root is None:
        return
    try:
        inputs.writable_inside(folder, root)
    except inputs.InputError as exc:
        raise DataFileError(str(exc)) from None


def _create(target: Path, text: str) -> None:
    """Exclusive create: fails on an existing file and on any link, even a
    dangling one, so nothing is written where a link points."""
    with open(target, "x", encoding="utf-8") as out:
        out.write(text)


def write_district(folder: Path, district: DistrictFile, root: Path | None = None) -> Path:
    target = folder / DISTRICT_FILE
    _confine(folder, root)
    refuse_existing(target)
    folder.mkdir(parents=True, exist_ok=True)
    _confine(folder, root)
    _create(target, district.text())
    return target


def write_sop(folder: Path, sop: SopFiles, root: Path | None = None) -> list[Path]:
    targets = [folder / SOP_FILE, folder / STEPS_FILE]
    _confine(folder, root)
    refuse_existing(*targets)
    folder.mkdir(parents=True, exist_ok=True)
    _confine(folder, root)
    _create(targets[0], sop.yaml_text())
    _create(targets[1], sop.csv_text())
    return targets
