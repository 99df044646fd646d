import pytest

from simcompare import InputError, read_text


def test_reads_utf8_and_drops_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffKim’s “success”".encode("utf-8"))
    assert read_text(path) == "Kim’s “success”"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="missing.txt: no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        read_text(path)


def test_non_utf8_names_the_byte_and_encoding_option_fixes_it(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("café au lait".encode("latin-1"))
    with pytest.raises(InputError, match="not valid utf-8 at byte 3 .*--encoding") as info:
        read_text(path)
    assert info.value.path == str(path)
    assert read_text(path, encoding="latin-1") == "café au lait"


def test_utf16_is_not_mistaken_for_binary(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("wide text".encode("utf-16"))
    assert read_text(path, encoding="utf-16") == "wide text"


def test_unknown_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_text(path, encoding="klingon")


def test_auto_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café £5".encode("latin-1"))
    assert read_text(path, encoding="auto") == "Café £5"
    path.write_bytes("Café £5".encode("utf-8"))
    assert read_text(path, encoding="auto") == "Café £5"
