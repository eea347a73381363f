"""A fingerprint of the package's own code, schemas, templates and assets.

Cache keys over a model's inputs (rather than over a rendered output) include
it, so any change to a rule, a message, a template or a stylesheet makes
everything again instead of reusing a result the new code would not give.
"""
from __future__ import annotations

from functools import cache
from importlib import metadata, resources
from pathlib import Path

from .cache import content_key

SUFFIXES = {".py", ".json", ".j2", ".css", ".html", ".svg"}
LIBRARIES = ("frictionless", "PyYAML", "Jinja2", "weasyprint")


@cache
def code_version() -> str:
    package = Path(str(resources.files("portal_sop")))
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts)
    versions = [f"{name}={metadata.version(name)}" for name in LIBRARIES]
    return content_key(*versions, *(f"{p.relative_to(package).as_posix()}\0".encode() + p.read_bytes() for p in files))
