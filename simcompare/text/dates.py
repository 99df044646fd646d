"""Publication dates as news feeds write them, read as spans of time.

A date says less than it seems: "2020-07-03" is any moment of that day, and
"14:02" any second of that minute. :func:`parse_date` therefore returns a
:class:`When`, the half-open span ``[start, end)`` the value allows, and one
article is known to precede another only when its span ends before the
other's begins (:meth:`When.before`); two articles of the same day without a
time of day cannot be ordered, and are not.

Accepted forms
--------------
ISO 8601
    ``2020-07-03``, ``2020-07-03T14:02``, ``2020-07-03 14:02:05.123``,
    ``2020-07-03T14:02:05Z``, ``2020-07-03T14:02+09:00`` (``+0900``, ``+09``).
RFC 2822
    ``Fri, 03 Jul 2020 14:02:00 +0000`` (``-0000`` means the zone is unknown),
    with the zone names RFC 2822 defines (``GMT``, ``UT``, ``EST`` ... ``PDT``).
News forms
    ``3 July 2020``, ``July 3, 2020``, ``Jul. 3, 2020 14:02``, ``Friday, 3 July
    2020 at 2:02 pm``, ``3 July 2020, 14:02 BST``: day and month either way
    round, month names in English (full or three letters), an optional time
    (24-hour, or 12-hour with am/pm) and zone (an offset, ``UTC+9``, or one of
    :data:`ZONES`).
Objects
    ``datetime.datetime`` (pandas ``Timestamp`` too) and ``datetime.date``.

Zones: a value with a zone is placed on UTC. Values without one are compared
with each other as written (a feed uses one convention); between a value with
a zone and one without, the latter could be in any zone, so their spans are
widened by ``ZONE_SLACK`` (14 hours) before they are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from ..errors import InputError

__all__ = ["When", "parse_date", "ZONES", "ZONE_SLACK"]

#: Zone names understood, in hours from UTC: RFC 2822's, and unambiguous ones news sites print.
ZONES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "HKT": 8, "SGT": 8, "KST": 9, "JST": 9, "AEST": 10, "AEDT": 11,
}
#: How far a time without a zone can be from UTC, either way, when compared with one that has a zone.
ZONE_SLACK = timedelta(hours=14)

_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_ZONE = r"(?P<zone>[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})"
_TIME = (r"(?:(?:,\s*|\s+)(?:at\s+)?(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
         r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*" + _ZONE + r")?)?")
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_DAY_FIRST = re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME,
                        re.IGNORECASE)
_MONTH_FIRST = re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME,
                          re.IGNORECASE)
EXPECTED = ("expected ISO 8601 (2020-07-03, 2020-07-03T14:02+01:00), RFC 2822 (Fri, 03 Jul 2020 14:02:00 +0000) "
            "or a news form (3 July 2020 14:02, July 3, 2020 2:02 pm)")


@dataclass(frozen=True, slots=True)
class When:
    """A publication date: the span ``[start, end)`` of time it allows.

    Attributes
    ----------
    given:
        The value as given (``str()`` of a date object).
    iso:
        The same instant in ISO 8601, to the precision given: ``2020-07-03``,
        ``2020-07-03T14:02``, ``2020-07-03T14:02:05+09:00``.
    start, end:
        Naive datetimes: UTC when ``zoned``, else as written.
    zoned:
        Whether the value named its zone.
    has_time:
        Whether the value had a time of day.
    """

    given: str
    iso: str
    start: datetime
    end: datetime
    zoned: bool
    has_time: bool

    def before(self, other: When) -> bool:
        """True when this span ends before ``other`` begins: certainly earlier."""
        slack = timedelta(0) if self.zoned == other.zoned else ZONE_SLACK
        return self.end + slack <= other.start


def _offset(zone: str | None) -> timedelta | None:
    """The UTC offset a zone names; None for no zone (or RFC 2822's ``-0000``: unknown)."""
    if zone is None or zone == "-0000":
        return None
    name = zone.upper().replace(" ", "")
    if name in ZONES:
        return timedelta(hours=ZONES[name])
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", name)
    if match is None:
        raise ValueError(f"unknown time zone {zone!r} (known: {', '.join(ZONES)}, or an offset such as +0100)")
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"time zone offset {zone!r} is out of range (-14:00 to +14:00)")
    return sign * timedelta(hours=hours, minutes=minutes)


def _month(name: str) -> int:
    key = name.lower()
    if key[:3] in _MONTHS and (len(key) == 3 or key == "sept" or key in _MONTH_NAMES):
        return _MONTHS[key[:3]]
    raise ValueError(f"unknown month {name!r}")


def _hour(fields: dict) -> int | None:
    hour, ampm = fields.get("hour"), fields.get("ampm")
    if hour is None:
        return None
    hour = int(hour)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {ampm!r}: expected 1-12")
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    elif fields.get("minute") is None:
        raise ValueError("a time needs minutes (14:02) or am/pm (2 pm)")
    return hour


def _build(given: str, fields: dict, month: int) -> When:
    day = date(int(fields["year"]), month, int(fields["day"]))
    hour = _hour(fields)
    if hour is None:
        start = datetime(day.year, day.month, day.day)
        return When(given, day.isoformat(), start, start + timedelta(days=1), False, False)
    minute, second = fields.get("minute"), fields.get("second")
    local = datetime(day.year, day.month, day.day, hour, int(minute or 0), int(second or 0))
    offset = _offset(fields.get("zone"))
    step = timedelta(seconds=1) if second else timedelta(minutes=1) if minute else timedelta(hours=1)
    spec = "seconds" if second else "minutes" if minute else "hours"
    iso = local.replace(tzinfo=timezone(offset) if offset is not None else None).isoformat(timespec=spec)
    start = local - offset if offset is not None else local
    return When(given, iso, start, start + step, offset is not None, True)


def parse_date(value: object) -> When | None:
    """Read a publication date.

    Parameters
    ----------
    value:
        A string in one of the forms listed in the module docstring, a
        ``datetime`` or a ``date``; None, an empty string, NaN or NaT for no date.

    Returns
    -------
    When or None
        None when there is no date.

    Raises
    ------
    InputError
        For anything else, saying what was expected and what was given.

    Examples
    --------
    >>> a, b = parse_date("2020-07-03"), parse_date("July 3, 2020 14:02")
    >>> b.iso, a.before(b), b.before(a)
    ('2020-07-03T14:02', False, False)
    >>> parse_date("Fri, 03 Jul 2020 14:02:00 +0000").before(parse_date("2020-07-03T16:30+02:00"))
    True
    """
    if value is None or (isinstance(value, str) and not value.strip()) or value != value:
        return None  # value != value: a missing value in a DataFrame (NaN, NaT)
    if isinstance(value, datetime):
        offset = value.utcoffset()
        local = value.replace(tzinfo=None, microsecond=0)
        start = local - offset if offset is not None else local
        iso = value.replace(microsecond=0).isoformat(timespec="seconds")
        return When(str(value), iso, start, start + timedelta(seconds=1), offset is not None, True)
    if isinstance(value, date):
        start = datetime(value.year, value.month, value.day)
        return When(str(value), value.isoformat(), start, start + timedelta(days=1), False, False)
    if not isinstance(value, str):
        raise InputError(f"date {value!r}: {EXPECTED}; got a {type(value).__name__}")
    given = value.strip()
    try:
        if match := _ISO.fullmatch(given):
            return _build(given, match.groupdict(), int(match.group("month")))
        for form in (_DAY_FIRST, _MONTH_FIRST):
            if match := form.fullmatch(given):
                return _build(given, match.groupdict(), _month(match.group("month")))
    except ValueError as exc:
        raise InputError(f"date {given!r}: {exc}") from None
    raise InputError(f"date {given!r}: {EXPECTED}")
