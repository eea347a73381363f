"""Access to the schemas shipped in `schemas/`: the Frictionless Table Schema
of langkah.csv and the field lists of the YAML files. Loading, validation and
the format reference page all read them, so the documentation never drifts."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from frictionless import Schema

# The data files of a kecamatan folder and of each SOP folder in it.
DISTRICT_FILE = "kecamatan.yaml"
SOP_FILE = "sop.yaml"
STEPS_FILE = "langkah.csv"
# Most actors (lanes) one SOP may have: the print table on A4 landscape
# (277 mm printable, 167 mm for lanes and Kegiatan) keeps lane headers
# readable up to 10 lanes of about 11.8 mm; checked by rendering 8, 10, 12
# and 16 lanes. Beyond that headers break every 3-4 letters.
MAX_ACTORS = 10
# The data kinerja package of a kecamatan (a Frictionless data package).
KINERJA_FOLDER = "data-kinerja"
# Folder names: lowercase words joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What `portal-sop new` and `portal-sop import` write where a value is missing.
PLACEHOLDER = "ISI:"


# Fillable forms: written into a form's keywords so `portal-sop kinerja
# impor-formulir` knows a filled form's kind, version and kecamatan from the
# form itself. Bump the version when field names or their meaning change.
IDENTITY_PREFIX = "portal-sop-formulir"
KINERJA_FORM_VERSION = 1
# The monitoring and evaluation forms (`portal-sop monev impor-formulir`) also
# name the SOP of each row (`sop_01`...), in row order, so a form printed
# before the kecamatan's SOP list changed is still read right (or refused).
MONEV_FORM_VERSION = 1
MONEV_FORM_KINDS = ("monitoring", "evaluasi")
SOP_LIST_SEPARATOR = "+"


def monev_form_identity(kind: str, district_path: str, sop_slugs: list[str]) -> str:
    """`portal-sop-formulir:monitoring:v1:banyumas/kebasen:sop-a+sop-b`."""
    return f"{IDENTITY_PREFIX}:{kind}:v{MONEV_FORM_VERSION}:{district_path}:{SOP_LIST_SEPARATOR.join(sop_slugs)}"


def field_key(code: str) -> str:
    """Indicator code to a form field-name part: `PATEN-TEPAT-WAKTU` -> `paten_tepat_waktu`."""
    return re.sub(r"[^a-z0-9]+", "_", code.lower()).strip("_")


def source_path(path: Path | str, root: Path | None) -> str:
    """A data file as maintainers name it: relative to the folder holding the
    data folder (`sop_data/kab/kec/sop.yaml`), as in the repository."""
    path = Path(path)
    if root is not None and path.is_absolute():
        try:
            # The link itself is named, never its target: a finding about
            # a link must not reveal (or point at) what it targets.
            return (path.parent.resolve() / path.name).relative_to(Path(root).resolve().parent).as_posix()
        except ValueError:
            pass
    return path.as_posix()


STEPS_SCHEMA = "langkah.schema.json"
DISTRICT_SPEC = "kecamatan.schema.json"
SOP_SPEC = "sop.schema.json"


@cache
def descriptor(name: str) -> dict[str, Any]:
    text = resources.files("portal_sop").joinpath("schemas", name).read_text("utf-8")
    return json.loads(text)


def table_schema(name: str) -> Schema:
    return Schema.from_descriptor(descriptor(name))


def field_names(name: str) -> list[str]:
    return [f["name"] for f in descriptor(name)["fields"]]
