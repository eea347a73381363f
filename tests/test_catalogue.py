"""The finding catalogue: every code reported is declared once, with its
severity, and the format page lists them all."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import portal_sop
from portal_sop.catalogue import CATALOGUE, TOPICS, Severity, UndeclaredCode
from portal_sop.findings import Report
from portal_sop.site.pages import format_reference

PACKAGE = Path(portal_sop.__file__).parent
REPORTING = {"error": Severity.ERROR, "warning": Severity.WARNING}


def _constant_codes() -> list[tuple[str, Severity, str]]:
    """(code, severity, where) of every `x.error("code", …)` / `x.warning("code", …)`
    call in the package, and of module constants passed as the code."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        constants = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            method = node.func.attr if node.func.attr in REPORTING else "warning" if node.func.attr == "warn" else None
            if method is None or (isinstance(node.func.value, ast.Name) and node.func.value.id in {"log", "logging", "click", "warnings"}):
                continue
            arg = node.args[0]
            code = arg.value if isinstance(arg, ast.Constant) else constants.get(arg.id) if isinstance(arg, ast.Name) else None
            if isinstance(code, str):
                found.append((code, REPORTING[method], f"{path.relative_to(PACKAGE)}:{node.lineno}"))
    return found


def test_the_scan_sees_the_reporting_calls():
    codes = {code for code, _, _ in _constant_codes()}
    # One from each reporting module, so a broken scan cannot pass silently.
    assert {"wajib-diisi", "langkah-tak-selesai", "isian-belum-diisi", "kinerja-lisensi-kosong", "baris-tidak-dikenal"} <= codes
    assert len(codes) > 70


def test_every_code_in_the_source_is_declared_with_its_severity():
    problems = []
    for code, severity, where in _constant_codes():
        declared = CATALOGUE.get(code)
        if declared is None:
            problems.append(f"{where}: {code} is not declared in catalogue.py")
        elif declared.severity is not severity:
            problems.append(f"{where}: {code} is declared as {declared.severity.name}, reported as {severity.name}")
    assert not problems, "\n".join(problems)


def test_report_refuses_an_undeclared_code_or_a_wrong_severity():
    report = Report()
    with pytest.raises(UndeclaredCode):
        report.error("kode-yang-tidak-ada", "x.csv", "pesan")
    with pytest.raises(UndeclaredCode):
        report.error("waktu-kosong", "x.csv", "pesan")  # declared as a warning
    report.warning("waktu-kosong", "x.csv", "pesan")
    assert report.codes() == ["waktu-kosong"]


def test_every_declaration_is_complete():
    for code, declared in CATALOGUE.items():
        assert declared.code == code
        assert declared.title and declared.description.endswith("."), code
        assert declared.topic in TOPICS, code


def test_the_format_page_lists_the_whole_catalogue():
    page = format_reference()
    for code, declared in CATALOGUE.items():
        assert f'<dt id="temuan-{code}"><code>{code}</code>' in page
        assert declared.title in page
