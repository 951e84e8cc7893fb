"""Decoding real reports in the encodings they come in, and quarantining what is not a report."""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.decode import decode_report
from extract.ingest import fold_width, read_inbox, report_id_of
from tests.conftest import INBOX

REPORT = (INBOX / "seeds" / "004_e0b566ca95aed737.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_real_report_decodes_in_every_encoding(encoding):
    decoded = decode_report(REPORT.encode(encoding))
    assert decoded.status == "ok", decoded.reason
    assert decoded.text.lstrip("\ufeff") == REPORT


def test_gbk_bytes_decode_as_gb18030_superset():
    text = REPORT.replace("\xa0", " ")  # GBK has no NBSP
    decoded = decode_report(text.encode("gbk"))
    assert decoded.status == "ok" and decoded.text == text


@pytest.mark.parametrize("data, reason_start", [
    (b"", "empty file"),
    (b"   \n\t ", "empty file"),
    (bytes(range(256)) * 40, "binary content"),
    (b"plain english text, not a report at all " * 20, "not a report"),
    ("这是一份会议纪要，讨论了道路修缮和绿化工作。".encode() * 20, "not a report"),
])
def test_bad_input_is_quarantined_with_a_reason(data, reason_start):
    decoded = decode_report(data)
    assert decoded.status == "quarantined"
    assert decoded.reason.startswith(reason_start)


def test_random_bytes_are_quarantined_not_raised():
    decoded = decode_report(os.urandom(4096))
    assert decoded.status == "quarantined" and decoded.reason


def test_folder_keeps_every_file_and_marks_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a_gbk.txt").write_bytes(REPORT.replace("\xa0", " ").encode("gb18030"))
    (tmp_path / "a_utf16.txt").write_bytes(REPORT.encode("utf-16"))
    (tmp_path / "empty.txt").write_bytes(b"")
    frame = read_inbox(tmp_path)
    assert frame.height == 4
    by_path = {r["source_path"]: r for r in frame.iter_rows(named=True)}
    assert by_path["a.txt"]["status"] == "ok"
    assert by_path["a_utf16.txt"]["duplicate_of"] == "a.txt"
    assert by_path["a_utf16.txt"]["reason"].startswith("duplicate")
    assert by_path["empty.txt"]["reason"].startswith("empty")
    # NBSP→space folds as white space, so the GBK copy is the same report too.
    assert by_path["sub/a_gbk.txt"]["report_id"] == report_id_of(REPORT)


# The id's folding as first written (a dict lookup per character): the array version must agree.
_FOLD_BY_TABLE = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
                  **dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])}
_ID_ALPHABET = st.one_of(
    st.sampled_from(list("，。：；（）１２３ＡＺａｚ！～\uff00\uff5f\u3000 \t\n\u200b\u200c\u200d\u2060\ufeff\u00ad")),
    st.characters(min_codepoint=0xFEF0, max_codepoint=0xFF70), st.characters())


@settings(max_examples=300, deadline=None)
@given(st.lists(_ID_ALPHABET, max_size=60).map("".join))
def test_the_width_folding_of_report_ids_is_the_table_lookup(text):
    assert fold_width(text) == text.translate(_FOLD_BY_TABLE)


def test_report_ids_fold_width_white_space_and_invisible_characters():
    assert fold_width("ａ\ud800\U0001f600\ufeff") == "a\ud800\U0001f600"  # a lone surrogate, beyond the BMP
    assert report_id_of("２０２１年\u200b本机关 主动公开（１２）条") == report_id_of("2021年本机关主动公开(12)条")
    assert report_id_of("２０２１年") != report_id_of("２０２２年")
