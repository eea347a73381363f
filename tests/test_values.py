import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from portal_sop.values import MAX_STEP_DAYS, Duration, parse_duration, parse_nip, parse_tanggal


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("5 menit", None, Duration(minutes=5)),
        ("30 Menit", None, Duration(minutes=30)),
        ("2 Jam", None, Duration(minutes=120)),
        ("1 hari", None, Duration(days=1)),
        ("5 Hari", None, Duration(days=5)),
        ("2 x 24 jam", None, Duration(days=2)),
        ("1 minggu", None, Duration(days=7)),
        ("15", "menit", Duration(minutes=15)),
        ("1,5 jam", None, Duration(minutes=90)),
    ],
)
def test_parse_duration(text, unit, expected):
    assert parse_duration(text, unit) == expected


@pytest.mark.parametrize("text", ["", "lama", "5 detik", "15", "x jam", "1,5 hari"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_duration_total_describes_days_hours_minutes():
    total = parse_duration("1 hari") + parse_duration("90 menit") + parse_duration("45 menit")
    assert total.describe() == "1 hari 2 jam 15 menit"
    assert Duration().describe() == "0 menit"


@given(st.integers(0, 10_000), st.sampled_from(["menit", "Menit", "jam", "hari", "minggu"]))
def test_duration_roundtrip_any_amount(amount, unit):
    factor = {"menit": (0, 1), "jam": (0, 60), "hari": (1, 0), "minggu": (7, 0)}[unit.lower()]
    if amount * factor[0] + amount * factor[1] / (24 * 60) > MAX_STEP_DAYS:
        with pytest.raises(ValueError, match="terlalu lama"):
            parse_duration(f"{amount} {unit}")
        return
    d = parse_duration(f"{amount} {unit}")
    assert d == Duration(days=amount * factor[0], minutes=amount * factor[1])


@pytest.mark.parametrize("text", ["999999999999 x 999999999999 minggu", "1" * 400 + " menit", "367 hari", "53 minggu", "400 x 24 jam"])
def test_absurd_durations_are_refused_with_the_limit(text):
    with pytest.raises(ValueError, match=f"paling lama {MAX_STEP_DAYS} hari"):
        parse_duration(text)


@given(st.text(max_size=30))
def test_parse_duration_never_crashes(text):
    try:
        parse_duration(text, "menit")
    except ValueError as exc:
        assert str(exc)


def test_parse_nip_valid_and_formatted():
    nip = parse_nip("19690407 199010 1 001")
    assert nip.birth_date == dt.date(1969, 4, 7)
    assert nip.appointed == (1990, 10)
    assert nip.gender == 1
    assert parse_nip("197802201996121001").formatted() == "19780220 199612 1 001"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("1969040719901010", "18 angka"),
        ("19691307 199010 1 001", "tanggal lahir"),
        ("19690407 199013 1 001", "bulan pengangkatan"),
        ("19690407 199010 3 001", "jenis kelamin"),
        ("19690407 196801 1 001", "sesudah tanggal lahir"),
    ],
)
def test_parse_nip_rejects(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_nip(text)


@given(st.dates(dt.date(1940, 1, 1), dt.date(2005, 12, 31)), st.integers(18, 40), st.integers(1, 12), st.sampled_from([1, 2]), st.integers(1, 999))
def test_parse_nip_accepts_every_well_formed_number(birth, age, month, gender, seq):
    text = f"{birth:%Y%m%d} {birth.year + age}{month:02d} {gender} {seq:03d}"
    assert parse_nip(text).formatted() == text


@given(st.text(max_size=25))
def test_parse_nip_never_crashes(text):
    try:
        parse_nip(text)
    except ValueError as exc:
        assert "NIP" in str(exc)


def test_parse_tanggal_variants():
    assert parse_tanggal(dt.date(2025, 1, 2)).indonesian(weekday=True) == "Kamis, 2 Januari 2025"
    assert parse_tanggal("2024-01-09").indonesian() == "9 Januari 2024"
    assert parse_tanggal("2021-12").indonesian() == "Desember 2021"


@pytest.mark.parametrize("text", ["2025-02-30", "02 Januari 2025", "2025-13", "kemarin"])
def test_parse_tanggal_rejects(text):
    with pytest.raises(ValueError):
        parse_tanggal(text)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_parse_tanggal_roundtrip(day):
    assert parse_tanggal(day.isoformat()).iso() == day.isoformat()
