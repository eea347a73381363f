"""One report type for every finding: schema, cross-field rules, data kinerja.

The CLI prints it, the MkDocs plugin raises on it, tests assert on `code`.
Messages are Indonesian because maintainers read them; codes are stable.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "galat"
    WARNING = "peringatan"


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

    def _relative(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None and path.is_absolute():
            try:
                return path.resolve().relative_to(self.root.resolve().parent).as_posix()
            except ValueError:
                pass
        return path.as_posix()

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
        self.findings.append(
            Finding(code, severity, self._relative(file), message, row, column, key)
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

