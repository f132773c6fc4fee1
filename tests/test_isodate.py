"""ISO values of mixed precision as typed first and last days."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.isodate import bounds


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-12-05", (date(2022, 12, 5), date(2022, 12, 5), "day")),
        ("2022-11", (date(2022, 11, 1), date(2022, 11, 30), "month")),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
        ("2022", (date(2022, 1, 1), date(2022, 12, 31), "year")),
        ("2022-12-05/2022-12-09", (date(2022, 12, 5), date(2022, 12, 9), "range")),
        ("2022-09-01/2023-08-31", (date(2022, 9, 1), date(2023, 8, 31), "range")),
        ("2023-04/2023-05", (date(2023, 4, 1), date(2023, 5, 31), "range")),
        ("--05-12", (None, None, "day")),
        ("--11-12/--11-15", (None, None, "range")),
        ("2022-13-01", (None, None, "")),
    ],
)
def test_bounds(value, expected):
    assert bounds(value) == expected
