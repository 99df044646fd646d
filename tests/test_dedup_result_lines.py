"""The lines of pairs.jsonl and clusters.jsonl, put together directly for the usual records, are byte for byte
what json.dumps(record, ensure_ascii=False, default=str) gives, and records with metadata, passages or odd
values still take json.dumps."""

import json

from hypothesis import given
from hypothesis import strategies as st

from simcompare.dedup import Cluster, DedupResult, Pair

IDS = st.one_of(st.text(max_size=12), st.sampled_from(['q"uote', "back\\slash", "tab\there", "é北\u2028", "\x00"]))
SCORES = st.one_of(st.none(), st.floats(0.0, 1.0), st.sampled_from([0.0, 1.0, 1e-7, 0.1 + 0.2]),
                   st.floats(allow_nan=True, allow_infinity=True))


def _dumps(record) -> str:
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


@given(IDS, IDS, SCORES, SCORES, SCORES, st.booleans(), st.booleans())
def test_pair_lines_are_json_dumps(a, b, jaccard, x, y, with_meta, with_passages):
    pair = Pair(a, b, jaccard, x, y, [{"words": 3}] if with_passages else None)
    result = DedupResult([a, b], [pair], [], [], meta={a: {"date": "2020-07-03"}} if with_meta else {})
    assert result._pair_line(pair) == _dumps(result.pair_record(pair))


@given(st.lists(IDS, min_size=1, max_size=5), st.integers(0, 10**6), st.booleans())
def test_cluster_lines_are_json_dumps(members, number, with_meta):
    cluster = Cluster(number, len(members), members, members[-1])
    result = DedupResult(members, [], [cluster], [], meta={members[0]: {"outlet": "BBC"}} if with_meta else {})
    assert result._cluster_line(cluster) == _dumps(result.cluster_record(cluster))
