"""Data kinerja: indicators, quarterly results and the capaian maths.

Pure data and pure functions; `kinerja` builds these from a Frictionless
package, `kinerja_pages` renders them.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .monev import MonevRecord

QUARTERS = (1, 2, 3, 4)
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Units with a fixed scale: a value outside it is a data-entry slip.
BOUNDED_UNITS = {"%": (0.0, 100.0), "indeks": (0.0, 100.0), "nilai": (0.0, 100.0)}
# Units that count things: whole numbers, never negative.
COUNT_UNITS = frozenset({"dokumen", "desa", "kasus", "laporan", "orang", "kegiatan"})
# Units of time: never negative, fractions allowed (rata-rata 2,5 hari).
TIME_UNITS = frozenset({"hari", "jam", "menit"})


class Polarity(enum.Enum):
    HIGHER_IS_BETTER = "naik"
    LOWER_IS_BETTER = "turun"

    @property
    def describe(self) -> str:
        if self is Polarity.HIGHER_IS_BETTER:
            return "makin tinggi makin baik"
        return "makin rendah makin baik"


class Status(enum.Enum):
    """Achievement bands. The 80 % boundary follows the "Cukup" band of
    PermenPANRB 6/2022; the page shows the word, a symbol and a colour."""

    ACHIEVED = ("tercapai", "Tercapai", "✔")
    NEARLY = ("hampir", "Hampir tercapai", "!")
    NOT_ACHIEVED = ("belum", "Belum tercapai", "✘")
    NO_DATA = ("kosong", "Belum dilaporkan", "–")
    NOT_COMPUTABLE = ("tak-terhitung", "Capaian tidak dapat dihitung", "?")

    def __init__(self, css: str, label: str, symbol: str):
        self.css = css
        self.label = label
        self.symbol = symbol


NEARLY_THRESHOLD = 80.0


@dataclass(frozen=True)
class Indicator:
    code: str
    objective: str  # sasaran strategis
    name: str
    unit: str  # satuan
    polarity: Polarity
    section: str  # seksi penanggung jawab
    source: str  # sumber data
    row: int = 0
    final_target: float | None = None  # target akhir periode (Renstra), optional


@dataclass(frozen=True)
class Target:
    """The target of one indicator in one year (Perjanjian Kinerja)."""

    indicator: str  # kode indikator
    year: int
    value: float
    note: str = ""
    row: int = 0


@dataclass(frozen=True)
class Result:
    indicator: str  # kode indikator
    year: int
    quarter: int
    value: float
    reported: dt.date
    note: str = ""
    row: int = 0


@dataclass(frozen=True)
class License:
    name: str
    title: str = ""
    path: str = ""


@dataclass(frozen=True)
class PackageFile:
    """A file of the package exactly as validated, for the open-data download."""

    name: str
    data: bytes


@dataclass(frozen=True)
class KinerjaPackage:
    """The validated data kinerja of one kecamatan."""

    district_path: str  # "<kabupaten>/<kecamatan>"
    name: str
    title: str
    description: str
    official: bool  # `resmi: true` in the descriptor; False shows the "Data contoh" label
    licenses: tuple[License, ...]
    indicators: tuple[Indicator, ...]
    results: tuple[Result, ...]
    targets: tuple[Target, ...] = ()
    files: tuple[PackageFile, ...] = ()
    source: str = ""  # datapackage.yaml path relative to the data root's parent
    monev: tuple[MonevRecord, ...] = ()  # monitoring and evaluation of the kecamatan's SOPs

    @property
    def is_sample(self) -> bool:
        return not self.official

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.year for r in self.results}))

    @property
    def data_date(self) -> dt.date | None:
        """The date of the data: the latest tanggal lapor."""
        return max((r.reported for r in self.results), default=None)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def target(self, code: str, year: int) -> float | None:
        """The indicator's target for `year`, or None when none is written."""
        return next((t.value for t in self.targets if t.indicator == code and t.year == year), None)

    def result(self, code: str, year: int, quarter: int) -> Result | None:
        return next(
            (r for r in self.results if r.indicator == code and r.year == year and r.quarter == quarter),
            None,
        )

    def latest(self, code: str, year: int) -> Result | None:
        """The last quarter reported in `year`: the year's realisasi so far."""
        found = [r for r in self.results if r.indicator == code and r.year == year]
        return max(found, key=lambda r: r.quarter, default=None)


def capaian(target: float | None, realisasi: float | None, polaritas: Polarity | str) -> float | None:
    """Achievement in percent, or None when it cannot be computed (no
    realisasi, no target, target not above zero).

    More is better: realisasi / target × 100. Less is better:
    (2 × target − realisasi) / target × 100, the "rencana − (realisasi −
    rencana)" formula used in LKjIP and PermenPANRB 6/2022, floored at 0.
    """
    polarity = Polarity(polaritas) if isinstance(polaritas, str) else polaritas
    if target is None or realisasi is None or target <= 0:
        return None
    if polarity is Polarity.HIGHER_IS_BETTER:
        return realisasi / target * 100.0
    return max(0.0, (2 * target - realisasi) / target * 100.0)


def status(achievement: float | None, *, reported: bool = True) -> Status:
    if not reported:
        return Status.NO_DATA
    if achievement is None:
        return Status.NOT_COMPUTABLE
    # Round first, so the word matches the percentage printed beside it.
    shown = round(achievement, 1)
    if shown >= 100.0:
        return Status.ACHIEVED
    if shown >= NEARLY_THRESHOLD:
        return Status.NEARLY
    return Status.NOT_ACHIEVED


@dataclass(frozen=True)
class Measure:
    """One cell of the report: realisasi, capaian and status together."""

    result: Result | None
    achievement: float | None
    status: Status


def measure(indicator: Indicator, result: Result | None, target: float | None) -> Measure:
    """`target` is the indicator's target for the result's year."""
    if result is None:
        return Measure(None, None, Status.NO_DATA)
    value = capaian(target, result.value, indicator.polarity)
    return Measure(result, value, status(value))


def unit_range_problem(unit: str, value: float) -> str | None:
    """Indonesian reason why `value` cannot be in `unit`, or None."""
    bounds = BOUNDED_UNITS.get(unit)
    if bounds is not None:
        low, high = bounds
        if value < low or value > high:
            scale = "persen" if unit == "%" else unit
            return f"nilai {_plain(value)} di luar rentang {scale} {_plain(low)}–{_plain(high)}"
        return None
    if unit in COUNT_UNITS or unit in TIME_UNITS:
        if value < 0:
            return f"nilai {_plain(value)} negatif; jumlah {unit} tidak mungkin kurang dari 0"
    return None


def count_fraction_problem(unit: str, value: float) -> str | None:
    if unit in COUNT_UNITS and value != int(value):
        return f"nilai {_plain(value)} pecahan; jumlah {unit} harus bilangan bulat"
    return None


def _plain(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")
