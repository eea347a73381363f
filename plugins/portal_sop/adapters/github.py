"""Findings as GitHub Actions workflow commands (`::error file=…,line=…::…`),
so a reviewer sees them on the changed lines of a pull request."""
from __future__ import annotations

from pathlib import Path

from ..findings import Finding, Report, Severity
from ..sop.yamlsource import key_line


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def csv_column(line: str, name: str, header: str) -> int | None:
    """1-based character column where the cell `name` starts in a CSV line."""
    names = [h.strip() for h in header.split(",")]
    if name not in names:
        return None
    wanted, index, quoted = names.index(name), 0, False
    if wanted == 0:
        return 1
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index += 1
            if index == wanted:
                return position + 2
    return None


class _Lines:
    """Reads each data file once to place findings that lack a line."""

    def __init__(self, base: Path):
        self.base, self.cache = base, {}

    def text(self, file: str) -> str | None:
        if file not in self.cache:
            try:
                self.cache[file] = (self.base / file).read_text("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.cache[file] = None
        return self.cache[file]

    def position(self, finding: Finding) -> tuple[int | None, int | None]:
        line, col = finding.row, None
        text = self.text(finding.file) if finding.file.endswith((".yaml", ".yml", ".csv")) else None
        if line is None and finding.key and text is not None and finding.file.endswith((".yaml", ".yml")):
            line = key_line(text, finding.key)
        if finding.column:
            if finding.column.isdigit():
                col = int(finding.column)
            elif text is not None and line is not None and finding.file.endswith(".csv"):
                lines = text.splitlines()
                if 1 <= line <= len(lines):
                    col = csv_column(lines[line - 1], finding.column, lines[0])
        return line, col


def github_annotations(report: Report, base: Path) -> list[str]:
    """One workflow command per finding. `base` is the folder the findings'
    paths are relative to (the data folder's parent, normally the repository)."""
    lines = _Lines(Path(base))
    out = []
    for finding in report.sorted():
        command = "error" if finding.severity is Severity.ERROR else "warning"
        line, col = lines.position(finding)
        props = [f"file={_escape_property(finding.file)}"]
        if line is not None:
            props.append(f"line={line}")
            if col is not None:
                props.append(f"col={col}")
        title = finding.code + (f" ({finding.column or finding.key})" if finding.column or finding.key else "")
        props.append(f"title={_escape_property(title)}")
        out.append(f"::{command} {','.join(props)}::{_escape_data(finding.message)}")
    return out
