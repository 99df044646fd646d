"""Tests for simcompare.readers: every format, every bad input, streaming, the BBC corpus."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from simcompare.errors import InputError, ParameterError, UnknownFormatError
from simcompare.io.readers import FORMATS, Document, read_documents

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_news" / "bbc"


def write_jsonl(path: Path, records, *, encoding="utf-8") -> Path:
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode(encoding))
    return path


def write_csv(path: Path, rows, *, delimiter=",", encoding="utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def write_parquet(path: Path, columns: dict, **kwargs) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table(columns), path, **kwargs)
    return path


def read(*inputs, **options) -> list[Document]:
    return list(read_documents(list(inputs), **options))


def read_skipping(*inputs, **options) -> tuple[list[Document], list[InputError]]:
    skipped: list[InputError] = []
    docs = list(read_documents(list(inputs), skip_bad=True, on_skip=skipped.append, **options))
    return docs, skipped


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


# --- the Document record -------------------------------------------------------------


def test_document_is_frozen_and_hashable_by_id_and_text():
    doc = Document("a", "text", {"outlet": "BBC"})
    with pytest.raises(AttributeError):
        doc.id = "b"
    assert hash(doc) == hash(Document("a", "text", {"outlet": "other"}))
    assert Document("a", "t").meta == {}


# --- directories of .txt files -------------------------------------------------------


def make_tree(root: Path) -> Path:
    for rel, text in {
        "business/001.txt": "Ad sales boost profit",
        "business/002.txt": "Dollar gains",
        "tech/sub/010.txt": "Deep file",
        "a.txt": "top level",
        "README.TXT": "not an article",
        "notes.json": '{"not": "read"}',
        "business/.hidden.txt": "hidden file",
        ".git/x.txt": "hidden dir",
        "empty.txt": "",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_directory_recursive_sorted_relative_ids(tmp_path):
    docs = read(make_tree(tmp_path / "corpus"))
    assert [d.id for d in docs] == [
        "a.txt",
        "business/001.txt",
        "business/002.txt",
        "empty.txt",
        "tech/sub/010.txt",
    ]
    assert docs[1] == Document("business/001.txt", "Ad sales boost profit", {})
    assert docs[3].text == ""  # empty text is the pipeline's business, not an error


def test_directory_ids_relative_to_the_directory_given(tmp_path):
    make_tree(tmp_path / "corpus")
    assert [d.id for d in read(tmp_path / "corpus" / "business")] == ["001.txt", "002.txt"]
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert read("corpus/tech")[0].id == "sub/010.txt"
    finally:
        os.chdir(old)


def test_directory_with_records_files_reads_them_too(tmp_path):
    root = tmp_path / "mixed"
    (root / "wires").mkdir(parents=True)
    (root / "b.txt").write_text("plain", encoding="utf-8")
    write_jsonl(root / "wires" / "ap.jsonl", [{"id": "ap-1", "text": "wire", "outlet": "AP"}, {"text": "no id"}])
    write_csv(root / "c.csv", [["id", "text"], ["c-1", "from csv"]])
    write_csv(root / "d.tsv", [["id", "text"], ["d-1", "from tsv"]], delimiter="\t")
    docs = read(root)
    assert [d.id for d in docs] == ["b.txt", "c-1", "d-1", "ap-1", "wires/ap.jsonl:2"]
    assert docs[3].meta == {"outlet": "AP"}


def test_directory_reads_parquet(tmp_path):
    root = tmp_path / "pq"
    root.mkdir()
    write_parquet(root / "x.parquet", {"id": ["p1"], "text": ["from parquet"]})
    assert read(root) == [Document("p1", "from parquet", {})]


def test_symlink_loop_is_not_followed_forever(tmp_path):
    root = tmp_path / "loop"
    (root / "a").mkdir(parents=True)
    (root / "a" / "1.txt").write_text("one", encoding="utf-8")
    try:
        (root / "a" / "back").symlink_to(root, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    assert [d.id for d in read(root)] == ["a/1.txt"]


@pytest.mark.parametrize("contents", [{}, {"README.TXT": "x", "data.json": "{}", ".hidden.txt": "x"}])
def test_directory_without_documents(tmp_path, contents):
    root = tmp_path / "empty"
    root.mkdir()
    for name, text in contents.items():
        (root / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"empty: no \.txt, \.jsonl, \.csv or \.parquet files") as info:
        read(root, skip_bad=True)
    assert info.value.path == str(root)


def test_explicit_txt_file_id_is_the_path_as_given(tmp_path):
    (tmp_path / "x.TXT").write_text("upper-case extension", encoding="utf-8")
    expected_id = str(tmp_path / "x.TXT").replace(os.sep, "/")
    assert read(tmp_path / "x.TXT") == [Document(expected_id, "upper-case extension", {})]


def test_txt_encoding(tmp_path):
    (tmp_path / "l1.txt").write_bytes("£5 café".encode("latin-1"))
    with pytest.raises(InputError, match=r"l1\.txt: not valid utf-8 at byte 0.*--encoding latin-1"):
        read(tmp_path / "l1.txt")
    assert read(tmp_path / "l1.txt", encoding="latin-1")[0].text == "£5 café"


def test_bad_txt_files_in_a_directory_are_bad_records(tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "1.txt").write_text("good", encoding="utf-8")
    (root / "2.txt").write_bytes(b"caf\xe9")
    (root / "3.txt").write_bytes(b"\x00\x01binary")
    (root / "4.txt").write_text("also good", encoding="utf-8")
    with pytest.raises(InputError, match=r"2\.txt: not valid utf-8"):
        read(root)
    docs, skipped = read_skipping(root)
    assert [d.id for d in docs] == ["1.txt", "4.txt"]
    assert [Path(e.path).name for e in skipped] == ["2.txt", "3.txt"]
    assert "binary" in str(skipped[1])


# --- JSON lines ----------------------------------------------------------------------


def test_jsonl_ids_text_and_metadata(tmp_path):
    path = write_jsonl(
        tmp_path / "w.jsonl",
        [
            {"id": "a", "text": "first", "outlet": "BBC", "date": "2005-01-02", "tags": ["x"], "n": None},
            {"id": 7, "text": "numeric id"},
            {"id": True, "text": "boolean id"},
            {"id": 1.5, "text": "float id"},
            {"text": "missing id"},
            {"id": None, "text": "null id"},
            {"id": "", "text": "empty id"},
            {"id": "ws", "text": "   "},
        ],
    )
    docs = read(path)
    assert docs[0] == Document("a", "first", {"outlet": "BBC", "date": "2005-01-02", "tags": ["x"], "n": None})
    name = str(path).replace(os.sep, "/")
    assert [d.id for d in docs] == ["a", "7", "true", "1.5", f"{name}:5", f"{name}:6", f"{name}:7", "ws"]
    assert docs[-1].text == "   "


def test_jsonl_blank_lines_crlf_and_bom(tmp_path):
    path = tmp_path / "x.ndjson"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "one"}\r\n\r\n   \n{"id": "b", "text": "two"}')
    assert read(path) == [Document("a", "one", {}), Document("b", "two", {})]


def test_jsonl_field_options(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"guid": "g1", "body": "text here", "text": "a field like any other"}])
    assert read(path, id_field="guid", text_field="body") == [
        Document("g1", "text here", {"text": "a field like any other"})
    ]


def test_json_extension_holding_json_lines(tmp_path):
    path = write_jsonl(tmp_path / "x.json", [{"id": "a", "text": "one"}])
    assert read(path) == [Document("a", "one", {})]


@pytest.mark.parametrize("content", ['[{"id": "a", "text": "one"}]\n', '{\n  "id": "a",\n  "text": "one"\n}\n'])
def test_json_array_or_pretty_printed_object_is_refused_as_a_whole(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.json:1: expected JSON lines.*jq -c"):
        read(path, skip_bad=True)


def test_jsonl_utf16(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "£ one"}, {"id": "b", "text": "two"}],
                       encoding="utf-16")
    assert [d.text for d in read(path, encoding="utf-16")] == ["£ one", "two"]


def test_jsonl_latin1(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "£ café"}], encoding="latin-1")
    assert read(path, encoding="latin-1")[0].text == "£ café"


# --- bad records, with and without skip_bad -------------------------------------------

BAD_LINES = {
    "invalid JSON": (b'{"id": "x", "text": "unterminated}', r"got invalid JSON \(.*column \d+\): '\{\"id\""),
    "array": (b'["id", "text"]', r"got a JSON array"),
    "string": (b'"just a string"', r"got a JSON string"),
    "missing text": (b'{"id": "x", "body": "b"}', r"got an object without it \(fields: 'id', 'body'\)"),
    "null text": (b'{"id": "x", "text": null}', r"got 'text' = null"),
    "number text": (b'{"id": "x", "text": 12}', r"got 'text' = number"),
    "object id": (b'{"id": {"a": 1}, "text": "t"}', r"expected 'id' to be a string or a number; got a JSON object"),
    "not UTF-8": (b'{"id": "x", "text": "\xa3 5"}', r"not valid utf-8 at byte 21 of the line.*--encoding latin-1"),
}


@pytest.mark.parametrize("name", list(BAD_LINES))
def test_bad_jsonl_line(tmp_path, name):
    line, message = BAD_LINES[name]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "ok1", "text": "fine"}\n\n' + line + b'\n{"id": "ok2", "text": "fine"}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:3: ") as info:
        read(path)
    assert info.value.path == str(path) and info.value.line == 3
    assert "expected" in str(info.value) or "not valid" in str(info.value)
    assert re.search(message, str(info.value)), str(info.value)
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [(e.path, e.line) for e in skipped] == [(str(path), 3)]


def test_skip_bad_counts_every_bad_record_and_keeps_going(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\n".join(line for line, _ in BAD_LINES.values()) + b'\n{"id": "good", "text": "t"}\n')
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["good"]
    assert [e.line for e in skipped] == list(range(1, len(BAD_LINES) + 1))
    assert all(isinstance(e, InputError) for e in skipped)


def test_skip_bad_without_on_skip_is_silent(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'oops\n{"id": "a", "text": "t"}\n')
    assert [d.id for d in read_documents([path], skip_bad=True)] == ["a"]


def test_duplicate_ids_across_files(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "x"}, {"id": "x", "text": "first"}])
    b = write_jsonl(tmp_path / "b.jsonl", [{"id": "2", "text": "y"}, {"id": "x", "text": "again"}])
    with pytest.raises(InputError) as info:
        read(a, b)
    assert str(info.value) == f"{b}:2: duplicate id 'x'; first at {a}:2"
    docs, skipped = read_skipping(a, b)
    assert [(d.id, d.text) for d in docs] == [("1", "x"), ("x", "first"), ("2", "y")]
    assert [(e.path, e.line) for e in skipped] == [(str(b), 2)]


def test_duplicate_ids_between_a_txt_file_and_records(tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "n.txt").write_text("text", encoding="utf-8")
    jl = write_jsonl(tmp_path / "x.jsonl", [{"id": "n.txt", "text": "same id"}])
    with pytest.raises(InputError, match=r"x\.jsonl:1: duplicate id 'n\.txt'; first at .*n\.txt$"):
        read(root, jl)


def test_the_same_file_twice_is_a_duplicate(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "x"}])
    docs, skipped = read_skipping(a, a)
    assert len(docs) == 1 and len(skipped) == 1


# --- CSV and TSV ---------------------------------------------------------------------


def test_csv_multiline_fields_and_metadata(tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        [
            ["id", "text", "outlet", "date"],
            ["a", "line one\nline two, with comma", "BBC", "2005"],
            ["", "no id", "", ""],
        ],
    )
    name = str(path).replace(os.sep, "/")
    assert read(path) == [
        Document("a", "line one\nline two, with comma", {"outlet": "BBC", "date": "2005"}),
        Document(f"{name}:4", "no id", {"outlet": "", "date": ""}),  # the row starts on line 4
    ]


def test_csv_fields_over_the_default_size_limit(tmp_path):
    big = "word " * 100_000  # 500 KB, above csv's default 128 KB limit
    path = write_csv(tmp_path / "big.csv", [["id", "text"], ["big", big]])
    assert read(path)[0].text == big


def test_tsv(tmp_path):
    path = write_csv(tmp_path / "x.tsv", [["id", "text"], ["a", 'tab\tand "quotes"']], delimiter="\t")
    assert read(path) == [Document("a", 'tab\tand "quotes"', {})]
    plain = tmp_path / "plain.tsv"
    plain.write_text("id\ttext\nb\tplain tsv\n", encoding="utf-8")
    assert read(plain) == [Document("b", "plain tsv", {})]


def test_csv_bad_row_names_its_first_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('id,text\na,"spans\ntwo lines"\nb,"also\nspans",extra\nc,good\nd\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.csv:4: expected 2 fields as in the header, got 3"):
        read(path)
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["a", "c"]
    assert [e.line for e in skipped] == [4, 7]


def test_csv_malformed_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,text\na,ok\nb,bare\rreturn\nc,after\n")
    with pytest.raises(InputError, match=r"x\.csv:3: malformed row: a carriage return inside an unquoted field"):
        read(path)
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["a", "c"] and [e.line for e in skipped] == [3]


def test_csv_not_utf8_row_is_skipped_and_later_rows_read(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'id,text\na,"fine"\nb,"\xa3 5\nsecond line"\nc,after\n')
    with pytest.raises(InputError, match=r"x\.csv:3: not valid utf-8 at byte 3 of the line.*--encoding"):
        read(path)
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["a", "c"]
    assert [e.line for e in skipped] == [3]
    assert read(path, encoding="cp1252")[1].text == "£ 5\nsecond line"


def test_csv_bom_header(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["id", "text"], ["a", "t"]], encoding="utf-8-sig")
    assert read(path) == [Document("a", "t", {})]


@pytest.mark.parametrize(
    "content, message",
    [
        ("", r"x\.csv: empty file, expected a header row"),
        ("id,body\na,t\n", r"x\.csv:1: no column 'text' in the header; got 'id', 'body'"),
        ("id,text,id\na,t,b\n", r"x\.csv:1: column 'id' appears twice"),
    ],
)
def test_csv_file_level_problems_raise_even_with_skip_bad(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read(path, skip_bad=True)


# --- Parquet -------------------------------------------------------------------------


def test_parquet_metadata_and_batches(tmp_path):
    import datetime

    n = 2500  # more than one batch
    path = write_parquet(
        tmp_path / "x.parquet",
        {
            "id": list(range(n)),
            "text": [f"text {i}" for i in range(n)],
            "date": [datetime.date(2005, 1, 1)] * n,
            "outlet": ["BBC"] * n,
        },
        row_group_size=700,
    )
    docs = read(path)
    assert len(docs) == n
    assert docs[1234] == Document("1234", "text 1234", {"date": datetime.date(2005, 1, 1), "outlet": "BBC"})


def test_parquet_bad_rows_have_row_numbers(tmp_path):
    path = write_parquet(tmp_path / "x.parquet", {"id": ["a", "b", "c"], "text": ["one", None, "three"]})
    with pytest.raises(InputError, match=r"x\.parquet:2: expected a string in column 'text'; got 'text' = null"):
        read(path)
    docs, skipped = read_skipping(path)
    assert [d.id for d in docs] == ["a", "c"] and [e.line for e in skipped] == [2]


def test_parquet_fallback_ids_and_field_options(tmp_path):
    path = write_parquet(tmp_path / "x.parquet", {"body": ["one", "two"]})
    name = str(path).replace(os.sep, "/")
    assert [d.id for d in read(path, text_field="body")] == [f"{name}:1", f"{name}:2"]


@pytest.mark.parametrize(
    "columns, message",
    [
        ({"id": ["a"], "body": ["t"]}, r"no column 'text'; got 'id', 'body'"),
        ({"id": ["a"], "text": [1]}, r"column 'text' must hold strings; got int64"),
    ],
)
def test_parquet_file_level_problems(tmp_path, columns, message):
    path = write_parquet(tmp_path / "x.parquet", columns)
    with pytest.raises(InputError, match=message):
        read(path, skip_bad=True)


def test_not_a_parquet_file(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1 but not really")
    with pytest.raises(InputError, match=r"x\.parquet: not a readable Parquet file"):
        read(path, skip_bad=True)


def test_parquet_without_pyarrow(tmp_path, monkeypatch):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"whatever")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match=r"reading Parquet needs pyarrow: pip install 'simcompare\[parquet\]'"):
        read(path)


# --- standard input ------------------------------------------------------------------


def test_stdin_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b'{"id": "a", "text": "one"}\n{"text": "two"}\nbad\n'))
    docs, skipped = read_skipping("-")
    assert docs == [Document("a", "one", {}), Document("<stdin>:2", "two", {})]
    assert [(e.path, e.line) for e in skipped] == [("<stdin>", 3)]
    assert str(skipped[0]).startswith("<stdin>:3: expected a JSON object")


def test_stdin_other_formats(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"id,text\na,from csv\n"))
    assert read("-", format="csv") == [Document("a", "from csv", {})]
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"a whole text\n"))
    assert read("-", format="txt") == [Document("<stdin>", "a whole text\n", {})]
    with pytest.raises(InputError, match="cannot read Parquet from standard input"):
        read("-", format="parquet")


# --- formats, options, files ---------------------------------------------------------


def test_format_overrides_the_extension(tmp_path):
    path = write_jsonl(tmp_path / "dump.dat", [{"id": "a", "text": "t"}])
    with pytest.raises(UnknownFormatError, match=r"dump\.dat: cannot tell the format from the extension: expected"):
        read(path)
    assert read(path, format="jsonl") == [Document("a", "t", {})]
    assert set(FORMATS) == {"jsonl", "csv", "tsv", "parquet", "txt", "manifest"}


def test_bad_options_raise_at_the_call():
    with pytest.raises(ParameterError, match="unknown format 'xml'"):
        read_documents(["x"], format="xml")
    with pytest.raises(ParameterError, match="unknown encoding 'klingon'"):
        read_documents(["x"], encoding="klingon")


def test_missing_input_raises_at_the_call_even_with_skip_bad(tmp_path):
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file or directory"):
        read_documents([tmp_path / "nope.jsonl"], skip_bad=True)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"id": "a", "text": "t"}\n\x00\x00\x00')
    with pytest.raises(InputError, match=r"x\.jsonl: looks like a binary file"):
        read(path, skip_bad=True)


def test_single_path_is_accepted(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "t"}])
    assert list(read_documents(path)) == list(read_documents(str(path))) == [Document("a", "t", {})]


def test_files_are_opened_lazily_in_order(tmp_path):
    good = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "t"}])
    bad = tmp_path / "b.csv"
    bad.write_text("id,body\n", encoding="utf-8")
    docs = read_documents([good, bad])
    assert next(docs).id == "a"
    with pytest.raises(InputError, match="no column 'text'"):
        next(docs)


# --- round trips -------------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@given(records=st.lists(st.tuples(texts, texts), max_size=8))
@example(records=[("a", "line\r\nbreak"), ("b", "lone\rcr \u2028 \x85 next"), ("c", '"quoted", comma')])
def test_round_trip_jsonl_and_csv(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("rt")
    expected = [Document(f"id{i}", text, {"m": meta}) for i, (text, meta) in enumerate(records)]
    write_jsonl(tmp / "x.jsonl", [{"id": d.id, "text": d.text, "m": d.meta["m"]} for d in expected])
    write_csv(tmp / "x.csv", [["id", "text", "m"]] + [[d.id, d.text, d.meta["m"]] for d in expected])
    assert read(tmp / "x.jsonl") == expected
    assert read(tmp / "x.csv") == expected


# --- streaming -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    body = "word " * 50
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f'{{"id": {i}, "text": "{body}", "outlet": "wire"}}\n' for i in range(200_000))
    assert path.stat().st_size > 50_000_000
    return path


def test_first_document_of_a_big_file_reads_little(big_jsonl):
    tracemalloc.start()
    try:
        first = list(itertools.islice(read_documents([big_jsonl]), 3))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.id for d in first] == ["0", "1", "2"]
    assert peak < 10_000_000, f"peak {peak:,} bytes for a {big_jsonl.stat().st_size:,}-byte file"


def test_big_file_streams_to_the_end(big_jsonl):
    count, last = 0, None
    for doc in read_documents([big_jsonl]):
        count += 1
        last = doc
    assert count == 200_000 and last.id == "199999"


# --- the BBC News corpus (../shared/data/bbc_news/bbc) ------------------------------------


@pytest.fixture(scope="module")
def bbc() -> Path:
    if not BBC.is_dir():
        pytest.skip("../shared/data/bbc_news/bbc is not present")
    return BBC


def test_bbc_corpus(bbc):
    # The corpus is UTF-8 (646 files spell £ as C2 A3) except sport/199.txt, which has
    # one Latin-1 £ (a bare A3 byte): UTF-8 reading reports that one file.
    docs, skipped = read_skipping(bbc)
    assert [(Path(e.path).relative_to(bbc).as_posix(), "not valid utf-8 at byte 257" in str(e)) for e in skipped] == [
        ("sport/199.txt", True)
    ]
    assert len(docs) == 2224
    assert docs[0].id == "business/001.txt"
    assert docs[0].text.startswith("Ad sales boost Time Warner profit\n\n")
    assert all(d.id.endswith(".txt") and "README" not in d.id for d in docs)  # README.TXT is not read
    assert sum("£" in d.text for d in docs) == 646
    by_topic = {}
    for d in docs:
        by_topic[d.id.split("/")[0]] = by_topic.get(d.id.split("/")[0], 0) + 1
    assert by_topic == {"business": 510, "entertainment": 386, "politics": 417, "sport": 510, "tech": 401}


def test_bbc_corpus_latin1_reads_all_2225(bbc):
    docs = read(bbc, encoding="latin-1")
    assert len(docs) == 2225
    assert "£15.8m" in next(d.text for d in docs if d.id == "sport/199.txt")


def test_auto_encoding_falls_back_to_windows_1252(tmp_path):
    """Archives mix UTF-8 and Latin-1: 'auto' reads both without losing a character."""
    (tmp_path / "utf8.txt").write_bytes("Price: £15.8m, Worker’s".encode("utf-8"))
    (tmp_path / "latin.txt").write_bytes("Price: £15.8m".encode("latin-1"))
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(b'{"id": "u", "text": "caf\xc3\xa9"}\n{"id": "l", "text": "caf\xe9 \x93quoted\x94"}\n')
    texts = {d.id: d.text for d in read_documents([tmp_path / "utf8.txt", tmp_path / "latin.txt", lines],
                                                  encoding="auto")}
    assert texts[str(tmp_path / "utf8.txt")] == "Price: £15.8m, Worker’s"
    assert texts[str(tmp_path / "latin.txt")] == "Price: £15.8m"
    assert texts["u"] == "café" and texts["l"] == "café “quoted”"
    with pytest.raises(InputError, match="not valid utf-8"):
        list(read_documents([lines], encoding="utf-8"))


# ---------------------------------------------------------------- manifests

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def write_manifest(directory: Path, documents, name="manifest.json", *, indent=2) -> Path:
    path = directory / name
    path.write_text(json.dumps({"note": "test", "documents": documents}, indent=indent), encoding="utf-8")
    return path


def test_the_seed_manifest_reads_both_articles_with_their_metadata():
    docs = list(read_documents(CORPUS / "manifest.json"))
    assert [d.id for d in docs] == ["bbc-kim-covid", "independent-kim-covid"]
    assert docs[0].text == (CORPUS / "bbc-kim-covid.txt").read_text(encoding="utf-8")
    assert docs[1].meta["outlet"] == "The Independent" and docs[1].meta["date"] == "2020-07-03"
    assert "path" not in docs[0].meta and "id" not in docs[0].meta


@pytest.mark.parametrize("indent", [None, 2], ids=["one-line", "pretty"])
def test_manifest_paths_are_relative_to_the_manifest_and_ids_default_to_them(tmp_path, indent):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Alpha text.", encoding="utf-8")
    absolute = tmp_path / "b.txt"
    absolute.write_text("Beta text.", encoding="utf-8")
    manifest = write_manifest(tmp_path, [{"path": "texts/a.txt", "outlet": "A"},
                                         {"id": 7, "path": str(absolute), "outlet": "B"}], indent=indent)
    docs = list(read_documents(manifest))
    assert docs == [Document("texts/a.txt", "Alpha text.", {"outlet": "A"}),
                    Document("7", "Beta text.", {"outlet": "B"})]
    # a manifest inside a directory is not read (.json there is metadata), but format= forces one
    assert list(read_documents(manifest, format="manifest")) == docs


@pytest.mark.parametrize(
    "item, message",
    [
        ({"path": "missing.txt"}, r"manifest\.json:7: documents\[1\]: .*missing\.txt: no such file"),
        ({"path": "."}, r"documents\[1\]: .*is a directory"),
        ({"path": ""}, r"documents\[1\]: expected a string field 'path' naming a text file; got 'path' = \"\""),
        ({"path": 3}, r"documents\[1\]: expected a string field 'path'.*got 'path' = 3"),
        ({"outlet": "A"}, r"documents\[1\]: expected a string field 'path'.*got no 'path'"),
        ("a.txt", r"documents\[1\]: expected an object with a string field 'path'; got a JSON string"),
        ({"path": "a.txt", "id": ["x"]}, r"documents\[1\]: expected 'id' to be a string or a number"),
    ],
    ids=["missing-file", "directory", "empty-path", "number-path", "no-path", "not-object", "bad-id"],
)
def test_a_bad_manifest_item_raises_or_is_skipped(tmp_path, item, message):
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    manifest = write_manifest(tmp_path, [{"path": "a.txt"}, item])
    with pytest.raises(InputError, match=message):
        list(read_documents(manifest))
    skipped = []
    assert [d.id for d in read_documents(manifest, skip_bad=True, on_skip=skipped.append)] == ["a.txt"]
    assert len(skipped) == 1 and re.search(message, str(skipped[0]))


def test_a_manifest_listing_one_file_twice_is_a_duplicate_id(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    manifest = write_manifest(tmp_path, [{"path": "a.txt"}, {"path": "a.txt"}])
    with pytest.raises(InputError, match=r"manifest\.json:7: duplicate id .a\.txt.; first at .*manifest\.json:4"):
        list(read_documents(manifest))


@pytest.mark.parametrize("documents", [{"path": "a.txt"}, "a.txt", None], ids=["object", "string", "null"])
def test_a_manifest_whose_documents_is_not_a_list_is_refused_whole(tmp_path, documents):
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"documents": documents}), encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.json: expected \"documents\" to be a list of objects, got a JSON"):
        list(read_documents(manifest, skip_bad=True))


def test_format_manifest_refuses_what_is_not_one(tmp_path):
    lines = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "t"}])
    with pytest.raises(InputError, match=r"expected a manifest: a JSON object with a \"documents\" list; "
                                         r"got a JSON object without \"documents\""):
        list(read_documents(lines, format="manifest"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"documents": [\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json:2: not a manifest: invalid JSON"):
        list(read_documents(broken, format="manifest"))
    # without format=, a .json that is no manifest is still JSON lines, and says how to fix it
    with pytest.raises(InputError, match=r"broken\.json:1: expected JSON lines.*unless it is a manifest"):
        list(read_documents(broken))


@pytest.mark.parametrize("line", ['{"a":1,"a":2}', '{"a":123456789012345678901234567890}', '{"a":-0.0}',
                                  '{"a":"\\ud800"}', '{"a":NaN}', '{"a":0.1}', '[1,2]', '  {"a":"x"}  \n',
                                  '{"t":"\\u00e9"}', '{"a":5e-324}'])
def test_the_fast_decoder_parses_as_json_does(line):
    from simcompare.io.readers._jsonl import parse_line

    assert repr(parse_line(line)) == repr(json.loads(line))


@pytest.mark.parametrize("line", ["oops", '{"a":1} x', '{"a": "unterminated', "{'a': 1}"])
def test_the_fast_decoder_reports_bad_json_as_json_does(line):
    from simcompare.io.readers._jsonl import parse_line

    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(line)
    got = parse_line(line)
    assert (type(got), got.msg, got.colno) == (type(expected.value), expected.value.msg, expected.value.colno)


# ----------------------------------------------------------------- DocumentFiles: one reading, then by place


def _wires(tmp_path, lines):
    path = tmp_path / "wires.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_document_files_fetch_reads_the_documents_asked_for_by_place(tmp_path):
    from simcompare.io.readers import DocumentFiles

    path = _wires(tmp_path, ['{"id": "a", "text": "one"}', "", "not json", '{"text": "café", "outlet": "W"}',
                             '{"id": "c", "text": "three"}'])
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "x.txt").write_text("a text file", encoding="utf-8")
    (tmp_path / "t.csv").write_text("id,text\nr1,row one\nr2,row two\n", encoding="utf-8")
    files = DocumentFiles([path, tmp_path / "txt", tmp_path / "t.csv"], skip_bad=True)
    docs = list(files())
    ids = [d.id for d in docs]
    assert ids == ["a", f"{path}:4", "c", "x.txt", "r1", "r2"]
    fetched = dict(files.fetch([1, 2, 3, 5], ids))
    assert fetched == {1: docs[1], 2: docs[2], 3: docs[3], 5: docs[5]}


def test_document_files_refuse_a_file_changed_between_readings(tmp_path):
    from simcompare.io.readers import DocumentFiles

    path = _wires(tmp_path, ['{"id": "a", "text": "one"}', '{"id": "b", "text": "two"}'])
    files = DocumentFiles([path])
    ids = [d.id for d in files()]
    path.write_text('{"id": "a", "text": "one"}\n{"id": "b", "text": "two!"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"wires.jsonl: changed since it was first read \(size 54 bytes, now 55\)"):
        list(files.fetch([1], ids))
    ids = [d.id for d in files()]
    # The same size, another document at the same place: the modification time tells, or else the id.
    path.write_text('{"id": "a", "text": "one"}\n{"id": "x", "text": "two!"}\n', encoding="utf-8")
    os.utime(path, ns=(0, 0))
    with pytest.raises(InputError, match="changed since it was first read \\(modification time differs\\)"):
        list(files.fetch([1], ids))
    files.__dict__["_located"].stats[0] = (os.stat(path).st_size, os.stat(path).st_mtime_ns)
    with pytest.raises(InputError, match="line 2 held document 'b', now document 'x'"):
        list(files.fetch([1], ids))


def test_document_files_refuse_standard_input():
    from simcompare.io.readers import DocumentFiles

    with pytest.raises(ParameterError, match="standard input \\('-'\\) can be read only once"):
        DocumentFiles(["-"])


def test_records_parsed_from_bytes_equal_those_parsed_from_decoded_lines():
    from simcompare.io.readers._jsonl import jsonl_byte_records, jsonl_records
    from simcompare.io.readers._lines import decoded_lines
    from simcompare.io.readers._record import Source

    lines = [b'\xef\xbb\xbf{"id": "a", "text": "caf\xc3\xa9"}\n', b"\n", b"  \r\n", b'{"text": "caf\xe9"}\n',
             b'{"text": "x", "n": NaN}\r\n', b"[1, 2]\n", b'{"id": 7, "text": "seven", "date": "3 July"}',
             b'{"text": "\\ud800"}\n', b"not json\n"]
    source = Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl")
    fields = ("id", "text")
    fast = list(jsonl_byte_records(lines, source, fields, "utf-8", must_start_with_object=False))
    slow = list(jsonl_records(decoded_lines(lines, "utf-8", "a.jsonl"), source, fields, must_start_with_object=False))
    assert [(n, repr(r)) for n, r in fast] == [(n, repr(r)) for n, r in slow]
    assert len(fast) == 7
    with pytest.raises(InputError, match="expected JSON lines"):
        list(jsonl_byte_records([b"\n", b"[1]\n"], source, fields, "utf-8", must_start_with_object=True))


# ----------------------------------------------------------------- JSON lines in blocks, gzip, fetch by place

_MIXED_LINES = [
    b'\xef\xbb\xbf{"id": "a", "text": "caf\xc3\xa9"}\n', b'{"id": "b", "text": "two", "date": "3 July 2020"}\n',
    b"\n", b"  \r\n", b'{"text": "caf\xe9"}\n', b'{"text": "x", "n": NaN}\r\n', b"[1, 2]\n",
    b'{"id": 7, "text": "seven", "date": null}\n', b'{"id": "", "text": "no id"}\n', b'{"id": true, "text": "t"}\n',
    b'{"id": {"x": 1}, "text": "dict id"}\n', b'{"text": "\\ud800"}\n', b"not json\n",
    b'{"id": "c", "text": "' + "long ".join("x" * 40).encode() + b'", "outlet": "Wire"}\n',
    b'{"id": 123456789012345678901234567890, "text": "big"}\n', b'{"id": "d", "text": 5}\n',
    b'{"id": "e"}\n', b'{"id": "f", "text": "one"} {"id": "g", "text": "two"}\n', b'{"id": "h", "text": "end"}',
]


@pytest.mark.parametrize("block", [16, 64, 1 << 20])
def test_json_lines_read_in_blocks_equal_those_read_line_by_line(tmp_path, monkeypatch, block):
    from simcompare.io.readers import _jsonl
    from simcompare.io.readers._record import Source

    monkeypatch.setattr(_jsonl, "BLOCK", block)  # blocks shorter than a line, a few lines, the whole file
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"".join(_MIXED_LINES))
    source = Source(str(path), str(path), "mixed.jsonl", "jsonl")
    expected = list(_jsonl.jsonl_byte_records(_MIXED_LINES, source, ("id", "text"), "utf-8",
                                              must_start_with_object=False))
    with open(path, "rb") as raw:
        got = list(_jsonl.jsonl_stream_records(raw, source, ("id", "text"), "utf-8", must_start_with_object=False))
    assert [(n, repr(r)) for n, r in got] == [(n, repr(r)) for n, r in expected]
    assert sum(isinstance(r, Document) for _, r in got) == 10


_TYPED_LINES = [
    b'{"id": "t1", "text": "caf\xc3\xa9 \\u201cquoted\\u201d\\nline \\ud83d\\ude00 \\ud800 x"}\n',
    b'{"id": "t2", "text": "", "date": null}\n',
    b'{"id": "t3", "text": "\\\\ \\" \\/ \\b \\f \\r \\t", "date": "3 July"}\n',
    b'{"id": "t4", "text": "bad utf-8 \xe9 inside a typed record"}\n', b'{"id": "t1", "text": "a repeated id"}\n',
    b'{"text": "no id", "id": "t5"}\n',
    b'{"id": "t6", "text": "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"}\n',
]


@pytest.mark.parametrize("skip_bad", [True, False])
@pytest.mark.parametrize("block", [16, 120, 400, 1 << 20])
def test_batches_give_the_documents_and_errors_of_a_reading(tmp_path, monkeypatch, block, skip_bad):
    from simcompare._core import JsonTexts
    from simcompare.io.readers import DocumentFiles, _jsonl

    monkeypatch.setattr(_jsonl, "BLOCK", block)  # a line a block, a few lines a block, the whole file
    monkeypatch.setattr(_jsonl, "KEPT_BUFFER", 3 * block + 7)  # a new buffer every few blocks, lines across
    path = tmp_path / "mixed.jsonl"
    typed = [b'{"id": "n%d", "text": "plain %d"}\n' % (k, k) for k in range(40)]
    path.write_bytes(b"".join(typed[:20] + _TYPED_LINES + typed[20:] + _MIXED_LINES))

    def reading(batched: bool):
        skipped, literal = [], []
        files = DocumentFiles([path], skip_bad=skip_bad, on_skip=skipped.append)
        try:
            if batched:
                batches = list(files.batches(5))
                literal = [isinstance(b.texts, JsonTexts) for b in batches]
                docs = [d for b in batches for d in b.documents()]
            else:
                docs = list(files())
        except InputError as exc:
            return str(exc), skipped, literal, files
        return docs, [str(e) for e in skipped], literal, files

    expected, got = reading(False), reading(True)
    assert got[:2] == expected[:2]
    if skip_bad:
        # Blocks of typed records only are kept as literals; a block with a bad record is not.
        assert any(got[2]) and not all(got[2])
        # The places noted for fetching are those of a reading by Documents.
        docs = expected[0]
        assert [d for _, d in got[3].fetch(list(range(len(docs))), [d.id for d in docs])] == docs


def test_batches_keep_json_lines_texts_as_literals_and_batch_sizes(tmp_path):
    from simcompare._core import JsonTexts
    from simcompare.io.readers import DocumentFiles

    records = [{"id": f"r{i}", "text": f"caf\u00e9 {i}\n\u201cq\u201d"} for i in range(30)]
    path = write_jsonl(tmp_path / "w.jsonl", records)
    batches = list(DocumentFiles([path]).batches(10))
    assert [type(b.texts) for b in batches] == [JsonTexts]  # one block of the file reaches the size at once
    assert batches[0].strings() == [r["text"] for r in records]
    assert batches[0].lengths.tolist() == [len(r["text"]) for r in records]
    records[20]["outlet"] = "Wire"  # records with other fields: Documents from then on
    path = write_jsonl(tmp_path / "w.jsonl", records)
    batches = list(DocumentFiles([path]).batches(1))
    assert all(isinstance(b.texts, list) for b in batches)
    with pytest.raises(ParameterError, match="at least 1; got 0"):
        DocumentFiles([path]).batches(0)


def test_json_lines_with_other_fields_keep_them_in_every_block(tmp_path, monkeypatch):
    from simcompare.io.readers import _jsonl

    monkeypatch.setattr(_jsonl, "BLOCK", 100)
    records = [{"id": f"r{i}", "text": f"text {i}", "date": "2020-07-03"} for i in range(6)]
    records[3]["outlet"] = "Wire"  # a block of dicts, then typed blocks again
    path = write_jsonl(tmp_path / "w.jsonl", records)
    docs = list(read_documents(path))
    assert [d.meta for d in docs] == [{k: v for k, v in r.items() if k not in ("id", "text")} for r in records]


def test_typed_records_follow_the_fields_named(tmp_path):
    path = write_jsonl(tmp_path / "w.jsonl", [{"key": 3, "body": "one", "id": "kept"}, {"body": "two", "date": 1}])
    docs = list(read_documents(path, id_field="key", text_field="body"))
    assert docs == [Document("3", "one", {"id": "kept"}), Document(f"{path}:2", "two", {"date": 1})]
    path = write_jsonl(tmp_path / "d.jsonl", [{"date": "d1", "text": "one"}])
    assert list(read_documents(path, id_field="date")) == [Document("d1", "one", {})]


def _gzip(path: Path, data: bytes) -> Path:
    import gzip

    with gzip.open(path, "wb") as f:
        f.write(data)
    return path


def test_gzip_json_lines_read_as_the_plain_file(tmp_path):
    from simcompare.io.readers import DocumentFiles

    data = b'{"id": "a", "text": "one"}\n\n{"text": "two", "outlet": "Wire"}\n'
    plain = tmp_path / "w.jsonl"
    plain.write_bytes(data)
    (tmp_path / "dir").mkdir()
    packed = _gzip(tmp_path / "dir" / "w.jsonl.gz", data)
    _gzip(tmp_path / "dir" / "n.ndjson.gz", b'{"text": "json lines"}\n')
    _gzip(tmp_path / "dir" / "skipped.json.gz", b'{"text": "not read in a directory"}\n')
    expected = [Document("n.ndjson.gz:1", "json lines"), Document("a", "one"),
                Document("w.jsonl.gz:3", "two", {"outlet": "Wire"})]
    assert list(read_documents(packed)) == [Document("a", "one"), Document(f"{packed}:3", "two", {"outlet": "Wire"})]
    assert list(read_documents(tmp_path / "dir")) == expected
    single = _gzip(tmp_path / "one.JSON.gz", b'{"text": "json lines"}\n')
    assert list(read_documents(single)) == [Document(f"{single}:1", "json lines")]
    files = DocumentFiles([tmp_path / "dir"])
    docs = list(files())
    assert dict(files.fetch([0, 2], [d.id for d in docs])) == {0: docs[0], 2: docs[2]}
    with pytest.raises(InputError, match="expected JSON lines"):
        list(read_documents(_gzip(tmp_path / "array.json.gz", b'[{"text": "a"}]\n')))


def test_corrupt_or_truncated_gzip_is_one_error_naming_the_file(tmp_path):
    import gzip
    import random

    rng = random.Random(1)
    data = "".join(json.dumps({"id": str(i), "text": f"{rng.random()} story"}) + "\n" for i in range(5000)).encode()
    whole = gzip.compress(data)
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"cut.jsonl.gz: cannot read to the end \(Compressed file ended"):
        list(read_documents(truncated))
    corrupt = tmp_path / "bad.jsonl.gz"
    middle = len(whole) // 2
    corrupt.write_bytes(whole[:middle] + bytes(b ^ 0xFF for b in whole[middle:middle + 200]) + whole[middle + 200:])
    with pytest.raises(InputError, match=r"bad.jsonl.gz: cannot read to the end \(.*\); expected a whole"):
        list(read_documents(corrupt))
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text('{"text": "not compressed"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"fake.jsonl.gz: not a readable gzip file .*expected JSONL compressed"):
        list(read_documents(fake))


def test_fetch_reads_csv_records_spanning_lines_by_offset(tmp_path):
    from simcompare.io.readers import DocumentFiles

    rows = [["id", "text"], ["a", "one\nline two"], ["b", "plain"], ["c", 'said "hi"\n\nthen'], ["d", "last"]]
    path = write_csv(tmp_path / "t.csv", rows)
    tsv = write_csv(tmp_path / "t.tsv", rows, delimiter="\t")
    packed = _gzip(tmp_path / "g.csv.gz", path.read_bytes())
    files = DocumentFiles([path, tsv, packed], id_field="none")
    docs = list(files())
    ids = [d.id for d in docs]
    assert [d.text for d in docs[:4]] == ["one\nline two", "plain", 'said "hi"\n\nthen', "last"]
    wanted = [1, 2, 3, 6, 7, 9, 11]
    assert dict(files.fetch(wanted, ids)) == {i: docs[i] for i in wanted}


def test_fetch_reads_only_the_parquet_row_groups_holding_documents(tmp_path, monkeypatch):
    from simcompare.io.readers import DocumentFiles, _located

    path = write_parquet(tmp_path / "p.parquet", {"id": [f"r{i}" for i in range(10)],
                                                   "text": [f"text {i}" for i in range(10)]}, row_group_size=3)
    files = DocumentFiles([path])
    docs = list(files())
    read_groups = []
    real = _located.parquet_records

    def spy(source, fields, **kwargs):
        read_groups.append(kwargs["row_groups"])
        return real(source, fields, **kwargs)

    monkeypatch.setattr(_located, "parquet_records", spy)
    assert dict(files.fetch([1, 7, 9], [d.id for d in docs])) == {1: docs[1], 7: docs[7], 9: docs[9]}
    assert read_groups == [[0], [2], [3]]


@pytest.mark.parametrize("name, before, after", [
    ("w.jsonl", '{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n',
     '{"id": "a", "text": "one"}\n{"id": "b", "text": two!!}\n'),
    ("w.csv", "id,text\na,one\nb,two\n", "id,text\na,one\nb,t,o\n"),
])
def test_fetch_refuses_a_record_that_no_longer_parses_at_its_place(tmp_path, name, before, after):
    from simcompare.io.readers import DocumentFiles

    path = tmp_path / name
    path.write_text(before, encoding="utf-8")
    files = DocumentFiles([path])
    ids = [d.id for d in files()]
    then = os.stat(path).st_mtime_ns
    path.write_text(after, encoding="utf-8")  # the same size, and (below) the same modification time
    os.utime(path, ns=(then, then))
    line = 2 if name.endswith("jsonl") else 3
    with pytest.raises(InputError, match=rf"{name}: changed since it was first read \(line {line} held document "
                                         r"'b', now a bad record \(.*\)\)"):
        list(files.fetch([1], ids))


def test_json_lines_of_a_byte_range_are_numbered_from_its_first_line():
    from simcompare.io.readers._jsonl import jsonl_stream_records
    from simcompare.io.readers._record import Source

    data = io.BytesIO(b'{"text": "one"}\n\nnot json\n')
    got = list(jsonl_stream_records(data, Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl"), ("id", "text"),
                                    "utf-8", must_start_with_object=False, first=41))
    assert [(n, str(r)) for n, r in got] == [
        (41, "Document(id='a.jsonl:41', text='one', meta={})"),
        (43, "a.jsonl:43: expected a JSON object with a string field 'text'; got invalid JSON "
             "(Expecting value at column 1): 'not json'")]


def test_document_files_size_counts_every_file_to_read(tmp_path):
    from simcompare.io.readers import DocumentFiles

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("one two")
    (tmp_path / "d" / "notes.md").write_text("not read")
    path = write_jsonl(tmp_path / "w.jsonl", [{"id": "x", "text": "three"}])
    assert DocumentFiles([tmp_path / "d", path]).size() == 7 + path.stat().st_size
