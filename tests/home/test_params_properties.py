"""Properties of the shared request-parameter parsers (``home.params``): for any text they
answer a number within bounds or their documented "nothing" (None or the default), never an
exception, and every valid value written out reads back as itself."""

from hypothesis import example, given
from hypothesis import strategies as st

from home.params import MAX_ID, parse_id, parse_ids, parse_int, parse_month
from tests.strategies import any_text

MISSING = object()
bounds = st.tuples(st.integers(-5, 10**20), st.integers(-5, 10**20)).map(sorted)


@given(any_text, bounds)
@example("²", (0, MAX_ID))
@example("١٢", (0, MAX_ID))
@example("１２", (0, MAX_ID))
@example("1" * 30, (0, MAX_ID))
def test_parse_int_is_an_ascii_number_within_bounds_or_the_default(text, lo_hi):
    lo, hi = lo_hi
    result = parse_int(text, minimum=lo, maximum=hi, default=MISSING)
    if result is MISSING:
        return
    assert type(result) is int
    assert lo <= result <= hi
    digits = text.strip()
    assert digits.isascii() and digits.isdigit() and int(digits) == result


@given(st.one_of(any_text, st.none(), st.integers(-(10**30), 10**30)))
def test_parse_id_is_none_or_a_database_id(value):
    result = parse_id(value)
    assert result is None or (type(result) is int and 1 <= result <= MAX_ID)


@given(st.integers(0, MAX_ID), st.sampled_from(["", " ", "\t", "\n"]))
@example(10**18, "")  # 19 digits: a valid 64-bit id was refused before
@example(MAX_ID, "")
def test_every_number_in_range_reads_back(number, space):
    assert parse_int(f"{space}{number}{space}") == number
    assert parse_id(str(number)) == (number or None)


@given(st.integers(1, 10**40))
def test_numbers_above_the_64_bit_range_or_below_zero_are_refused(excess):
    assert parse_int(str(MAX_ID + excess)) is None
    assert parse_id(str(MAX_ID + excess)) is None
    assert parse_int(str(-excess)) is None


@given(st.lists(st.one_of(any_text, st.integers(-5, MAX_ID).map(str)), max_size=30))
def test_parse_ids_keeps_the_valid_ids_once_in_order(values):
    result = parse_ids(values)
    expected = []
    for value in values:
        number = parse_id(value)
        if number is not None and number not in expected:
            expected.append(number)
    assert result == expected
    assert all(1 <= number <= MAX_ID for number in result)


@given(any_text)
@example("0001-01")
@example("2026-13")
@example("２０２６-01")
def test_parse_month_is_none_or_a_plausible_month(text):
    result = parse_month(text)
    if result is not None:
        year, month = result
        assert 2000 <= year <= 2100 and 1 <= month <= 12


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_every_plausible_month_reads_back(year, month):
    assert parse_month(f"{year}-{month:02d}") == (year, month)
    assert parse_month(f" {year}-{month} ") == (year, month)


@given(st.integers(0, 9999).filter(lambda y: not 2000 <= y <= 2100), st.integers(0, 99))
def test_months_outside_the_plausible_years_or_the_calendar_are_refused(year, month):
    assert parse_month(f"{year:04d}-{month:02d}") is None
    assert parse_month(f"2026-{month:02d}") == ((2026, month) if 1 <= month <= 12 else None)
