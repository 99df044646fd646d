"""simcompare.text.dates: the accepted forms, spans of time, ordering across zones, errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcompare.errors import InputError
from simcompare.text.dates import ZONE_SLACK, parse_date


@pytest.mark.parametrize(
    "value, iso, start_utc, length",
    [
        ("2020-07-03", "2020-07-03", "2020-07-03 00:00", timedelta(days=1)),
        ("2020-07-03T14:02", "2020-07-03T14:02", "2020-07-03 14:02", timedelta(minutes=1)),
        ("2020-07-03 14:02:05.123", "2020-07-03T14:02:05", "2020-07-03 14:02:05", timedelta(seconds=1)),
        ("2020-07-03T14:02:05Z", "2020-07-03T14:02:05+00:00", "2020-07-03 14:02:05", timedelta(seconds=1)),
        ("2020-07-03T14:02+09:00", "2020-07-03T14:02+09:00", "2020-07-03 05:02", timedelta(minutes=1)),
        ("2020-07-03T14:02-0430", "2020-07-03T14:02-04:30", "2020-07-03 18:32", timedelta(minutes=1)),
        ("Fri, 03 Jul 2020 14:02:00 +0000", "2020-07-03T14:02:00+00:00", "2020-07-03 14:02", timedelta(seconds=1)),
        ("Fri, 3 Jul 2020 14:02:00 EDT", "2020-07-03T14:02:00-04:00", "2020-07-03 18:02", timedelta(seconds=1)),
        ("Fri, 03 Jul 2020 14:02:00 -0000", "2020-07-03T14:02:00", "2020-07-03 14:02", timedelta(seconds=1)),
        ("3 July 2020", "2020-07-03", "2020-07-03 00:00", timedelta(days=1)),
        ("July 3, 2020", "2020-07-03", "2020-07-03 00:00", timedelta(days=1)),
        ("Jul. 3, 2020 14:02", "2020-07-03T14:02", "2020-07-03 14:02", timedelta(minutes=1)),
        ("Friday, 3 July 2020 at 2:02 pm", "2020-07-03T14:02", "2020-07-03 14:02", timedelta(minutes=1)),
        ("3 July 2020, 14:02 BST", "2020-07-03T14:02+01:00", "2020-07-03 13:02", timedelta(minutes=1)),
        ("July 3rd, 2020 12 a.m.", "2020-07-03T00", "2020-07-03 00:00", timedelta(hours=1)),
        ("3 SEPT 2020 9:05 KST", "2020-09-03T09:05+09:00", "2020-09-03 00:05", timedelta(minutes=1)),
        ("3 July 2020 14:02 UTC+9", "2020-07-03T14:02+09:00", "2020-07-03 05:02", timedelta(minutes=1)),
        (datetime(2020, 7, 3, 14, 2, 5, 7, tzinfo=timezone(timedelta(hours=2))), "2020-07-03T14:02:05+02:00",
         "2020-07-03 12:02:05", timedelta(seconds=1)),
        (date(2020, 7, 3), "2020-07-03", "2020-07-03 00:00", timedelta(days=1)),
    ],
)
def test_accepted_forms(value, iso, start_utc, length):
    when = parse_date(value)
    assert when.iso == iso
    assert when.start == datetime.fromisoformat(start_utc) and when.end - when.start == length
    assert when.has_time == (length < timedelta(days=1))


@pytest.mark.parametrize(
    "value, message",
    [
        ("yesterday", "expected ISO 8601"),
        ("07/03/2020", "expected ISO 8601"),  # day or month first? not guessed
        ("2020-02-30", "day is out of range for month"),
        ("3 Juli 2020", "unknown month 'Juli'"),
        ("3 July 2020 14", "a time needs minutes"),
        ("3 July 2020 13:00 pm", "hour 13 with 'pm'"),
        ("3 July 2020 14:02 IST", "unknown time zone 'IST'"),
        ("2020-07-03T14:02+15:00", "out of range"),
        ("3 July 202014:02", "expected ISO 8601"),
        (1593784920, "got a int"),
    ],
)
def test_unreadable_dates_raise_with_what_was_expected(value, message):
    with pytest.raises(InputError, match=message):
        parse_date(value)


def test_missing_dates_are_none():
    assert parse_date(None) is None and parse_date("  ") is None


def test_ordering_is_certain_or_nothing():
    day, same_day_time = parse_date("2020-07-03"), parse_date("2020-07-03T23:59")
    assert not day.before(same_day_time) and not same_day_time.before(day)
    assert day.before(parse_date("2020-07-04T00:00"))
    assert parse_date("2020-07-03T14:02").before(parse_date("2020-07-03T14:03"))
    assert not parse_date("2020-07-03T14:02").before(parse_date("2020-07-03T14:02:59"))
    # zones: 14:02 in Seoul is 05:02 UTC, before 06:00 UTC
    assert parse_date("2020-07-03T14:02+09:00").before(parse_date("2020-07-03T06:00Z"))
    # a time without a zone against one with: only certain beyond 14 hours
    naive, zoned = parse_date("2020-07-03T12:00"), parse_date("2020-07-04T01:59Z")
    assert not naive.before(zoned) and not zoned.before(naive)
    assert naive.before(parse_date("2020-07-04T02:01Z"))
    assert ZONE_SLACK == timedelta(hours=14)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
       st.integers(-14 * 4, 14 * 4))
def test_iso_round_trip_and_order_match_datetime(moment, quarter_hours):
    zone = timezone(timedelta(minutes=15 * quarter_hours))
    aware = moment.replace(microsecond=0, tzinfo=zone)
    when = parse_date(aware.isoformat())
    assert when.iso == aware.isoformat() and parse_date(when.iso).start == when.start
    assert when.start == aware.astimezone(timezone.utc).replace(tzinfo=None)
    later = parse_date((aware + timedelta(seconds=1)).isoformat())
    assert when.before(later) and not later.before(when)
