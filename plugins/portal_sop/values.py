"""Parsers for the values maintainers write by hand: waktu, NIP, tanggal.

Each parser raises `ValueError` with an Indonesian sentence that says what is
expected; the loader turns it into a finding with the file position.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR
# Longest time one step may take; more is a typo (or an attack on the totals).
MAX_STEP_DAYS = 366

_UNITS = {
    "menit": "menit",
    "mnt": "menit",
    "jam": "jam",
    "hari": "hari",
    "minggu": "minggu",
    "pekan": "minggu",
}
_DURATION = re.compile(
    r"^\s*(?:(?P<times>\d+)\s*[xX×]\s*)?(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>[A-Za-z]+)?\s*$"
)


@dataclass(frozen=True, order=True)
class Duration:
    """A step's time allowed, kept per unit.

    Minutes carry into hours; days stay days, because a working day is not
    24 hours. "2 x 24 jam" is read as 2 hari and 1 minggu as 7 hari, so the
    total is days + hours + minutes.
    """

    days: int = 0
    minutes: int = 0

    def __add__(self, other: "Duration") -> "Duration":
        return Duration(self.days + other.days, self.minutes + other.minutes)

    @property
    def is_zero(self) -> bool:
        return self.days == 0 and self.minutes == 0

    def describe(self) -> str:
        """Indonesian text such as "5 hari 2 jam 30 menit"."""
        hours, minutes = divmod(self.minutes, MINUTES_PER_HOUR)
        parts = []
        if self.days:
            parts.append(f"{self.days} hari")
        if hours:
            parts.append(f"{hours} jam")
        if minutes or not parts:
            parts.append(f"{minutes} menit")
        return " ".join(parts)


def parse_duration(text: str, default_unit: str | None = None) -> Duration:
    """Read "5 menit", "2 Jam", "1 hari", "2 x 24 jam", "1 minggu", or a bare
    number when the SOP declares `satuan_waktu`."""
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(
            f'waktu "{text}" tidak dapat dibaca; tulis angka dan satuan, '
            'misalnya "5 menit", "2 jam", "1 hari", "2 x 24 jam" atau "1 minggu"'
        )
    unit_text = (match["unit"] or "").lower()
    if unit_text:
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise ValueError(
                f'satuan waktu "{match["unit"]}" tidak dikenal; gunakan menit, jam, hari atau minggu'
            )
    elif default_unit:
        unit = default_unit
    else:
        raise ValueError(
            f'waktu "{text}" tidak bersatuan; tulis misalnya "{text.strip()} menit", '
            "atau isi satuan_waktu di sop.yaml bila semua waktu memakai satu satuan"
        )
    too_long = ValueError(
        f'waktu "{_short(text)}" terlalu lama; satu langkah paling lama {MAX_STEP_DAYS} hari. '
        "Periksa angkanya, atau pecah langkah ini"
    )
    if len(match["amount"]) > 9 or len(match["times"] or "") > 6:
        raise too_long  # before arithmetic: a 400-digit number would overflow
    amount = float(match["amount"].replace(",", "."))
    times = int(match["times"]) if match["times"] else 1
    if times > 1 and unit == "jam" and amount == 24:
        duration = Duration(days=times)
    else:
        amount *= times
        if amount > MAX_STEP_DAYS * MINUTES_PER_DAY:
            raise too_long
        if unit == "menit":
            duration = Duration(minutes=round(amount))
        elif unit == "jam":
            duration = Duration(minutes=round(amount * MINUTES_PER_HOUR))
        elif unit == "hari":
            if amount != int(amount):
                raise ValueError(f'waktu "{text}": jumlah hari harus bilangan bulat')
            duration = Duration(days=int(amount))
        else:
            duration = Duration(days=int(amount * 7))
    if duration.days + duration.minutes / MINUTES_PER_DAY > MAX_STEP_DAYS:
        raise too_long
    return duration


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


@dataclass(frozen=True)
class Nip:
    """Nomor Induk Pegawai: YYYYMMDD YYYYMM G NNN."""

    digits: str
    birth_date: dt.date
    appointed: tuple[int, int]
    gender: int

    def formatted(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def parse_nip(text: str) -> Nip:
    raw = str(text or "")
    digits = re.sub(r"[\s.]", "", raw)
    if not re.fullmatch(r"\d{18}", digits):
        raise ValueError(
            f'NIP "{raw}" harus 18 angka (boleh dipisah spasi: YYYYMMDD YYYYMM G NNN)'
        )
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValueError(
            f'NIP "{raw}": 8 angka pertama harus tanggal lahir yang sah (YYYYMMDD)'
        ) from None
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        raise ValueError(f'NIP "{raw}": angka 13–14 harus bulan pengangkatan 01–12')
    gender = int(digits[14])
    if gender not in (1, 2):
        raise ValueError(
            f'NIP "{raw}": angka ke-15 harus jenis kelamin 1 (laki-laki) atau 2 (perempuan)'
        )
    if (year, month) <= (birth.year, birth.month):
        raise ValueError(f'NIP "{raw}": bulan pengangkatan harus sesudah tanggal lahir')
    return Nip(digits, birth, (year, month), gender)


@dataclass(frozen=True, order=True)
class Tanggal:
    """A date as precise as the document gives it: day may be missing
    ("Desember 2021")."""

    year: int
    month: int
    day: int | None = None

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def indonesian(self, weekday: bool = False) -> str:
        """"2 Januari 2025", "Kamis, 2 Januari 2025" or "Desember 2021"."""
        if self.day is None:
            return format_date(dt.date(self.year, self.month, 1), "MMMM y", locale="id")
        pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
        return format_date(dt.date(self.year, self.month, self.day), pattern, locale="id")


def parse_tanggal(value: object) -> Tanggal:
    """Accept a YAML date, "YYYY-MM-DD" or "YYYY-MM"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Tanggal(value.year, value.month, value.day)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not match:
        raise ValueError(
            f'tanggal "{text}" harus ditulis TTTT-BB-HH (misalnya 2025-01-02) '
            "atau TTTT-BB bila dokumen hanya menyebut bulan"
        )
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        raise ValueError(f'tanggal "{text}" tidak ada di kalender') from None
    return Tanggal(year, month, day)
