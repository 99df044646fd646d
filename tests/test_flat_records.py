"""The one-pass reading of JSON lines of an id, a text and a date (simcompare._core.flat_json_records).

The compiled kernel and its plain-Python reference give the same bits on
lines of every kind (tests/test_core_harness.py checks the engines ran);
here: what a taken block holds is what json.loads reads, and what is refused.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simcompare._core import flat_json_records
from simcompare.errors import ParameterError

KEYS = {"id_key": "id", "text_key": "text", "date_key": "date"}


def both(data: bytes, **keys):
    """The kernel's answer, checked to be the reference's, bit for bit."""
    keys = keys or KEYS
    fast = flat_json_records(data, **keys, engine="fast")
    reference = flat_json_records(data, **keys, engine="reference")
    assert (fast is None) == (reference is None)
    if fast is not None:
        for a, b in zip(fast, reference):
            assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
    return fast


def as_json(data: bytes, found) -> list[dict]:
    """The records a taken block stands for, as the reader makes them of ``found``."""
    records = []
    for k, doc_id in enumerate(found.ids):
        record = {"id": doc_id, "text": json.loads(data[found.text_starts[k]:found.text_ends[k]].decode())}
        assert len(record["text"]) == found.text_lengths[k]
        if found.date_kinds[k]:
            record["date"] = found.dates[k]
        records.append(record)
    return records


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# Ids and dates written without escapes (an escaped one is refused: see below), so json.dumps keeps them as they are.
ids = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\']), min_size=1, max_size=8)
records = st.fixed_dictionaries({"id": ids, "text": texts},
                                optional={"date": st.one_of(st.none(), st.text("0123456789- JulyMarch", max_size=12))})


@settings(max_examples=150, deadline=None)
@given(st.lists(records, min_size=1, max_size=6), st.booleans(), st.sampled_from([" ", "", "\t"]),
       st.booleans())
def test_a_taken_block_holds_what_json_reads(items, ascii_only, space, final_newline):
    lines = [json.dumps(r, ensure_ascii=ascii_only, separators=("," + space, ":" + space)) for r in items]
    data = ("\n".join(lines) + ("\n" if final_newline else "")).encode()
    found = both(data)
    assert found is not None
    assert as_json(data, found) == items
    ends = [len(line.encode()) + 1 for line in lines]
    assert found.line_ends.tolist() == [min(e, len(data)) for e in np.cumsum(ends).tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(records, min_size=1, max_size=3), st.data())
def test_any_change_of_a_block_is_taken_only_as_json_reads_it(items, data):
    """Bytes changed at random: the kernel and the reference agree, and a block still taken reads as json does."""
    raw = bytearray(("\n".join(json.dumps(r, ensure_ascii=False) for r in items) + "\n").encode())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.sampled_from(b'"\\{}:, \n\r\tu0aA\x00\x1f\x7f\x80\xbf\xc2\xe0\xed\xf0\xf4\xff'))
    raw = bytes(raw)
    found = both(raw)
    if found is None:
        return
    for line, record in zip(raw.split(b"\n"), as_json(raw, found)):
        assert json.loads(line.decode("utf-8")) == record


@pytest.mark.parametrize("line", [
    b"\n", b'{"id": "a", "text": "x"}\n\n', b'{"id": "a"}', b'{"text": "x"}', b'{"id": "", "text": "x"}',
    b'{"id": 7, "text": "x"}', b'{"id": null, "text": "x"}', b'{"id": "a", "text": 5}', b'{"id": "a", "text": null}',
    b'{"id": "a", "text": "x", "date": 2020}', b'{"id": "a", "text": "x", "date": {"y": 1}}',
    b'{"id": "a", "text": "x", "outlet": "Wire"}', b'{"id": "a", "id": "b", "text": "x"}',
    b'{"i\\u0064": "a", "text": "x"}', b'{"id": "\\u0061", "text": "x"}', b'{"id": "a", "date": "\\n", "text": "x"}',
    b'{"id": "a", "text": "lone \\ud800"}', b'{"id": "a", "text": "lone \\udc00 low"}',
    b'{"id": "a", "text": "\\ud800\\u0041"}', b'{"id": "a", "text": "bad \\x"}', b'{"id": "a", "text": "\\u12g4"}',
    b'{"id": "a", "text": "raw \x01 control"}', b'{"id": "a", "text": "caf\xe9"}', b'{"id": "a", "text": "\xc0\xaf"}',
    b'{"id": "a", "text": "\xed\xa0\x80"}', b'{"id": "a", "text": "\xf4\x90\x80\x80"}',
    b'{"id": "a", "text": "\xe2\x80"}',
    b'{"id": "a", "text": "x"} {"id": "b", "text": "y"}', b'{"id": "a", "text": "x",}', b'{"id": "a" "text": "x"}',
    b'[{"id": "a", "text": "x"}]', b'\xef\xbb\xbf{"id": "a", "text": "x"}', b'{"id": "a", "text": "x"', b"{}",
    b'{"id": "a", "text": "x"}\n  ', b'{"id": "a", "text": "unterminated}',
])
def test_what_a_block_is_refused_for(line):
    assert both(b'{"id": "ok", "text": "fine"}\n' + line) is None


def test_a_block_without_a_date_key_refuses_dates_and_the_keys_are_checked():
    assert both(b'{"id": "a", "text": "x", "date": null}', id_key="id", text_key="text") is None
    assert both(b'{"doc": "a", "body": "x"}', id_key="doc", text_key="body").ids == ["a"]
    for keys in ({"id_key": "id", "text_key": "id"}, {"id_key": "", "text_key": "t"},
                 {"id_key": "id", "text_key": "t\u00e9xt"}):
        with pytest.raises(ParameterError, match="distinct, non-empty keys of printable ASCII"):
            flat_json_records(b"", **keys)
