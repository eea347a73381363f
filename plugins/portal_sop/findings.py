"""One report type for every finding: schema, cross-field rules, data kinerja.

The CLI prints it, the MkDocs plugin raises on it, tests assert on `code`.
Messages are Indonesian because maintainers read them; codes are stable and
declared, with their severity and how to fix them, in `catalogue`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import Severity, UndeclaredCode, finding_type
from .spec import source_path

__all__ = ["Finding", "Report", "Severity"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = None

    @property
    def location(self) -> str:
        """`file:row:column` for table cells, `file:key` for YAML keys."""
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
            if self.column:
                parts.append(self.column)
        elif self.key:
            parts.append(self.key)
        return ":".join(parts)

    def format(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass
class Report:
    """Findings collected while loading and checking one data directory."""

    root: Path | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        severity: Severity,
        file: Path | str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        key: str | None = None,
    ) -> None:
        """Record a finding; `code` must be declared in the catalogue with
        this severity, so every finding a maintainer sees is documented."""
        declared = finding_type(code)
        if declared.severity is not severity:
            raise UndeclaredCode(f"finding code {code!r} is declared as {declared.severity.name}, reported as {severity.name}")
        self.findings.append(
            Finding(code, severity, source_path(file, self.root), message, row, column, key)
        )

    def error(self, code: str, file: Path | str, message: str, **where) -> None:
        self.add(code, Severity.ERROR, file, message, **where)

    def warning(self, code: str, file: Path | str, message: str, **where) -> None:
        self.add(code, Severity.WARNING, file, message, **where)

    def extend(self, other: "Report") -> None:
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def sorted(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (f.file, f.row or 0, f.column or "", f.key or "", f.code),
        )

    def summary(self) -> str:
        return f"{len(self.errors)} galat, {len(self.warnings)} peringatan"

