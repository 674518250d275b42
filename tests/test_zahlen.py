"""Exact numbers and their German display: cents that add up, half-up rounding, singular/plural."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from kibericht.zahlen import (
    anteil_wert,
    anzahl,
    auf_cent,
    cent,
    de_kurz,
    de_prozent,
    de_zahl,
    exakt,
    halb_auf,
    raten,
    stunden_exakt,
    stunden_wert,
)


def test_exakt_is_the_decimal_as_written():
    assert exakt(0.75) == Fraction(3, 4)
    assert exakt(22500.5) == Fraction(45001, 2)
    assert exakt(0.1) == Fraction(1, 10)  # not the binary 0.1000000000000000055…
    assert exakt(57000) == 57000


@pytest.mark.parametrize(("amount", "expected"), [
    (Fraction(50000, 12), Fraction(416667, 100)),    # 4166.666… → 4166.67
    (Fraction(8333325, 2000), Fraction(416666, 100)),  # 4166.6625 → 4166.66
    (Fraction(1, 200), Fraction(1, 100)),             # half a cent rounds up
    (Fraction(-1, 200), Fraction(-1, 100)),           # and away from zero below it
    (Fraction(3, 1000), Fraction(0)),                 # 0.3 cent → 0
    (Fraction(0), Fraction(0)),
])
def test_auf_cent_rounds_half_up(amount, expected):
    assert auf_cent(amount) == expected
    assert cent(amount) == float(expected)


def test_instalments_add_up_and_stay_within_a_cent():
    # 50 000 € over 12 months: running totals 4166.67, 8333.33, 12 500, … → 67, 66, 67, 67, 66, 67, …
    months = raten([Fraction(50000, 12)] * 12)
    assert [float(m) for m in months] == [4166.67, 4166.66, 4166.67] * 4
    assert sum(months) == 50000
    # a vacant month in between pays nothing; the rest still add up to the rounded total
    exact = [Fraction(20000, 12), Fraction(0), Fraction(20000, 36), Fraction(1, 3)]
    paid = raten(exact)
    assert paid[1] == 0
    assert sum(paid) == auf_cent(sum(exact))  # 1666.666… + 555.555… + 0.333… = 2222.555… → 2222.56
    assert all(abs(p - e) <= Fraction(1, 100) for p, e in zip(paid, exact, strict=True))
    assert raten([]) == ()


def test_hours_as_a_person_reads_them():
    assert stunden_exakt(10.5) == Fraction(21, 2)
    assert stunden_exakt(0.1 + 0.2) == Fraction(3, 10)       # 0.30000000000000004 in binary
    assert stunden_exakt(6.3) * 1 == Fraction(63, 10)
    assert stunden_exakt(1 / 3) == Fraction(333333333, 10**9)  # nanohours are kept
    assert stunden_exakt(np.float64(10.5)) == Fraction(21, 2)  # a pandas sum is a numpy float


@pytest.mark.parametrize(("value", "places", "expected"), [
    (2.675, 2, "2.68"),      # binary 2.67499999… would round down
    (0.125, 2, "0.13"),      # a tie goes up, not to the even 0.12
    (-0.125, 2, "-0.13"),
    (0.58745, 4, "0.5875"),
    (1.0, 2, "1.00"),
    (-0.001, 2, "0.00"),     # no negative zero
    (Fraction(1, 8), 2, "0.13"),
])
def test_halb_auf(value, places, expected):
    assert halb_auf(value, places) == Decimal(expected)
    assert str(halb_auf(value, places)) == expected


def test_what_is_no_number_stays_as_it_is():
    assert halb_auf(float("inf"), 2).is_infinite()
    assert de_zahl(float("nan")) == "NaN"


def test_json_values_round_half_up():
    assert stunden_wert(0.125) == 0.13
    assert stunden_wert(-0.0) == 0.0
    assert anteil_wert(0.58745) == 0.5875
    assert anteil_wert(None) is None
    assert anteil_wert(float("nan")) is None


def test_german_number_formats():
    assert de_zahl(1234.5) == "1.234,50"
    assert de_zahl(170000, 0) == "170.000"
    assert de_zahl(2.675) == "2,68"
    assert de_zahl(-0.001) == "0,00"
    assert de_zahl(1234567.891, 1) == "1.234.567,9"
    assert (de_kurz(11.5), de_kurz(24.0), de_kurz(0.25), de_kurz(1234.5)) == ("11,5", "24", "0,25", "1.234,5")
    assert de_kurz(0.125) == "0,13"  # at most two decimals
    assert (de_prozent(0.5875), de_prozent(0.5, 0), de_prozent(None)) == ("58,8 %", "50 %", "–")


def test_singular_and_plural():
    assert (anzahl(1, "Datei", "Dateien"), anzahl(0, "Datei", "Dateien"), anzahl(2, "Datei", "Dateien"),
            anzahl(1500, "Zeile", "Zeilen")) == ("1 Datei", "0 Dateien", "2 Dateien", "1.500 Zeilen")
