"""Every path below the input folder gets a row (hidden, links, pipes, too large, unreadable
folders), damaged UTF-8 is decoded with a note, and of identical files the oldest is kept."""
from __future__ import annotations

import os
import subprocess

import pytest

from extract import ingest
from extract.decode import decode_report
from extract.ingest import read_inbox, several_reports, walk_inputs
from tests.conftest import INBOX

REPORT = (INBOX / "seeds" / "004_e0b566ca95aed737.txt").read_bytes()


def find_count(folder) -> int:
    """What `find` lists below the folder, folders aside."""
    out = subprocess.run(["find", str(folder), "-mindepth", "1", "!", "-type", "d"], capture_output=True, text=True)
    return len(out.stdout.splitlines())


def test_every_path_find_lists_has_a_row_with_a_reason(tmp_path):
    (tmp_path / "a.txt").write_bytes(REPORT)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01junk")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(REPORT.decode().replace("2018", "2019").encode())
    (tmp_path / "to_sub").symlink_to(tmp_path / "sub")
    (tmp_path / "link_to_a.txt").symlink_to(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "huge.txt").write_bytes(REPORT * 40)
    frame = read_inbox(tmp_path, max_bytes=len(REPORT) * 10)
    rows = {r["source_path"]: r for r in frame.iter_rows(named=True)}
    assert frame.height == find_count(tmp_path) == 9
    assert (rows[".DS_Store"]["status"], rows[".DS_Store"]["reason_code"]) == ("skipped", "HIDDEN")
    assert rows[".git/config"]["reason_code"] == "HIDDEN"
    assert (rows["gone.txt"]["status"], rows["gone.txt"]["reason_code"]) == ("quarantined", "BROKEN_SYMLINK")
    assert rows["to_sub"]["reason_code"] == "SYMLINK_TO_FOLDER"
    assert rows["pipe"]["reason_code"] == "NOT_A_REGULAR_FILE"
    assert rows["huge.txt"]["reason_code"] == "TOO_LARGE" and rows["huge.txt"]["text"] is None
    assert rows["sub/b.txt"]["status"] == "ok"
    # the link holds the same report as a.txt: one of them is the duplicate of the other
    assert {rows["a.txt"]["status"], rows["link_to_a.txt"]["status"]} == {"ok", "quarantined"}
    assert all(r["reason"] for r in rows.values() if r["status"] != "ok")


def test_unreadable_folder_is_a_row_not_a_silent_gap(tmp_path, monkeypatch):
    # As root no permission bit stops a listing: make the listing fail as it does for a user.
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_bytes(REPORT)
    (tmp_path / "ok.txt").write_bytes(REPORT)
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    listed = {p.rel: p for p in walk_inputs(tmp_path)}
    assert listed["locked"].kind == "UNREADABLE_FOLDER" and "Permission denied" in listed["locked"].detail
    row = ingest.unread_row(listed["locked"])
    assert row["status"] == "quarantined" and row["reason"].startswith("unreadable folder")


def test_oldest_of_identical_files_is_kept(tmp_path):
    (tmp_path / "a_newer.txt").write_bytes(REPORT)
    (tmp_path / "z_older.txt").write_bytes(REPORT)
    os.utime(tmp_path / "a_newer.txt", (2_000_000_000, 2_000_000_000))
    os.utime(tmp_path / "z_older.txt", (1_500_000_000, 1_500_000_000))
    rows = {r["source_path"]: r for r in read_inbox(tmp_path).iter_rows(named=True)}
    assert rows["z_older.txt"]["status"] == "ok"
    assert rows["a_newer.txt"]["reason_code"] == "DUPLICATE"
    assert rows["a_newer.txt"]["duplicate_of"] == "z_older.txt"


@pytest.mark.parametrize("positions", [[500], [10, 3000], [len(REPORT) - 1]])
def test_damaged_utf8_is_decoded_with_a_note_that_says_where(positions):
    data = bytearray(REPORT)
    for p in positions:
        data[p] = 0xFF
    decoded = decode_report(bytes(data))
    assert decoded.status == "ok" and decoded.encoding == "utf-8"
    assert decoded.note.startswith("DAMAGED_BYTES") and str(positions[0]) in decoded.note
    assert "\ufffd" in decoded.text


def test_text_in_another_encoding_is_not_taken_for_damaged_utf8():
    decoded = decode_report(REPORT.decode().replace("\xa0", " ").encode("gb18030"))
    assert decoded.encoding == "gb18030" and decoded.note is None


@pytest.mark.parametrize("data", [b" \n\t", "\u3000\u3000\n\u00a0".encode(), b"\xef\xbb\xbf \n"])
def test_white_space_only_is_reported_as_empty(data):
    decoded = decode_report(data)
    assert decoded.reason_code == "EMPTY" and "white space" in decoded.reason


def test_several_reports_in_one_file_are_named_as_such():
    a = (INBOX / "pingtan/2019_pingtan_zone.txt").read_text(encoding="utf-8")
    b = (INBOX / "pingtan/2020_pingtan_zone.txt").read_text(encoding="utf-8")
    c = (INBOX / "seeds/001_8951f3f5eaa0ca31.txt").read_text(encoding="utf-8")
    assert "2019, 2020" in several_reports(a + "\n" + b)
    assert "总体情况" in several_reports(c * 2)
    for single in (a, b, c):
        assert several_reports(single) is None
    # a link to the previous year's report is page chrome, not a second report
    assert several_reports(b + "\n上一篇: 平潭综合实验区2019年度政府信息公开工作年度报告") is None


def test_limits_fit_the_format(tmp_path, monkeypatch):
    """A PDF of a few MB (fonts, seals, scans) is read; a plain text is judged by its decoded length,
    which a report cannot reach, and quarantined with both figures in its reason."""
    pdf = (INBOX / "full" / "hongze_2023.pdf").read_bytes()
    (tmp_path / "big.pdf").write_bytes(pdf + (b"%" + b"x" * 99 + b"\n") * 20_000)   # 2.3 MB
    (tmp_path / "long.txt").write_bytes(REPORT)
    monkeypatch.setattr(ingest, "MAX_TEXT_CHARS", len(REPORT.decode()) - 1)
    rows = {r["source_path"]: r for r in read_inbox(tmp_path).iter_rows(named=True)}
    assert (rows["big.pdf"]["status"], rows["big.pdf"]["format"]) == ("ok", "pdf")
    long = rows["long.txt"]
    assert (long["status"], long["reason_code"], long["text"], long["report_id"]) == (
        "quarantined", "TOO_LARGE", None, None)
    assert f"the limit is {len(REPORT.decode()) - 1:,}" in long["reason"]
