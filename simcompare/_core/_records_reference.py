"""Reference implementation of :func:`simcompare._core._records.flat_records`, in plain Python.

Written to be read: each line is matched token by token with regular
expressions, and every string is decoded by :func:`json.loads`, so what a
line is taken for is what ``json`` reads. Same arguments and results as the
compiled kernel.
"""

from __future__ import annotations

import json
import re

import numpy as np

__all__ = ["flat_records"]

_SPACE = re.compile(rb"[ \t\r]*")
# A key: printable ASCII, no quote, no backslash.
_KEY = re.compile(rb'"([\x20\x21\x23-\x5b\x5d-\x7e]*)"')
# A string: any byte but a quote, a backslash or a control character, or an escape (UTF-8 is checked apart).
_STRING = re.compile(rb'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decoded(literal: bytes) -> str | None:
    try:
        return json.loads(literal.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _line(line: bytes, keys: list[bytes]) -> dict | None:
    """The members of one line as ``{key number: (start, end, value)}``, or None if it is not taken."""
    at = _SPACE.match(line).end()
    if line[at:at + 1] != b"{":
        return None
    members: dict[int, tuple] = {}
    while True:
        at = _SPACE.match(line, at + 1).end()
        key = _KEY.match(line, at)
        if key is None or key.group(1) not in keys or keys.index(key.group(1)) in members:
            return None
        which = keys.index(key.group(1))
        at = _SPACE.match(line, key.end()).end()
        if line[at:at + 1] != b":":
            return None
        at = _SPACE.match(line, at + 1).end()
        value = _STRING.match(line, at)
        if value is not None:
            literal = value.group()
            text = _decoded(literal)
            plain = b"\\" not in literal
            if text is None or (which == 1 and _SURROGATE.search(text)) \
                    or (which != 1 and not plain) or (which == 0 and not text):
                return None
            members[which] = (at, value.end(), text)
            at = value.end()
        elif which == 2 and line[at:at + 4] == b"null":
            members[which] = (at, at + 4, None)
            at += 4
        else:
            return None
        at = _SPACE.match(line, at).end()
        if line[at:at + 1] == b"}":
            break
        if line[at:at + 1] != b",":
            return None
    if 0 not in members or 1 not in members or _SPACE.match(line, at + 1).end() != len(line):
        return None
    return members


def flat_records(data, keys, key_starts, line_ends, text_starts, text_ends, text_lengths, date_kinds, ids, dates,
                 written):
    """As :func:`simcompare._core._records.flat_records`."""
    data = bytes(data)
    if not data:
        written[0] = written[1] = 0
        return 0
    names = [bytes(keys[key_starts[k]:key_starts[k + 1]]) for k in range(len(key_starts) - 1)]
    names = [name if name else None for name in names]  # an empty key is no key
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    if len(lines) > len(line_ends):
        return -1
    base = at_id = at_date = 0
    for row, line in enumerate(lines):
        members = _line(line, names)
        if members is None:
            return -1
        start, end, text = members[1]
        text_starts[row], text_ends[row], text_lengths[row] = base + start, base + end, len(text)
        out = members[0][2].encode() + b"\n"
        ids[at_id:at_id + len(out)] = np.frombuffer(out, dtype=np.uint8)
        at_id += len(out)
        if 2 in members:
            date = members[2][2]
            date_kinds[row] = 1 if date is None else 2
            if date is not None:
                out = date.encode() + b"\n"
                dates[at_date:at_date + len(out)] = np.frombuffer(out, dtype=np.uint8)
                at_date += len(out)
        base += len(line) + 1
        line_ends[row] = min(base, len(data))
    written[0], written[1] = at_id, at_date
    return len(lines)
