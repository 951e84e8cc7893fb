"""Bytes to text: detect the encoding with charset-normalizer, or say why the file is not text.

A file that cannot become a report gets a readable reason (and a reason code) instead of an
exception, so a run over a folder never stops on one bad file. A UTF-8 file with a few damaged
bytes is decoded with U+FFFD where they were, and a note says where: it is not quarantined.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Encodings these reports come in; when detection is unsure, these are tried in order.
_FALLBACKS = ("utf-8", "gb18030", "big5")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_MAGIC = ((b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP or Office document"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"))
_MIN_CJK_SHARE = 0.05    # a decoded Chinese report is mostly CJK; below this it is not one
_REPORT_MARKERS = ("公开", "信息", "年度报告", "政务")
_CJK_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")
# A damaged UTF-8 file: at most this many invalid sequences, and at most this share of its bytes.
# A file in another encoding read as UTF-8 fails on nearly every Chinese character instead.
_MAX_DAMAGED_SEQUENCES = 32
_MAX_DAMAGED_SHARE = 0.002
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))

# Reason codes of quarantined files (raw.raw_reports.reason_code); the reason says it in words.
EMPTY, BINARY, UNDECODABLE, NOT_A_REPORT = "EMPTY", "BINARY", "UNDECODABLE", "NOT_A_REPORT"


@dataclass
class Decoded:
    text: str | None
    encoding: str | None
    status: str          # 'ok' or 'quarantined'
    reason: str | None   # readable, for quarantined files
    reason_code: str | None = None
    note: str | None = None  # a finding on a decoded file (damaged bytes replaced)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cjk_share(text: str) -> float:
    """Share of CJK ideographs in `text` (a C-speed scan: runs of ideographs, summed)."""
    if not text:
        return 0.0
    return sum(map(len, _CJK_RUN.findall(text))) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    # Chinese text in UTF-16 without a BOM: every other byte of ASCII is NUL.
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if cjk_share(text) >= _MIN_CJK_SHARE and "\x00" not in text:
            return codec
    return None


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few invalid byte sequences: the text with U+FFFD, and where the damage is."""
    where: list[int] = []
    limit = min(_MAX_DAMAGED_SEQUENCES, max(1, int(len(data) * _MAX_DAMAGED_SHARE)))
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    parts, pos = [], 0
    while pos < len(data):
        try:
            parts.append(decoder.decode(data[pos:], final=True))
            break
        except UnicodeDecodeError as exc:
            where.append(pos + exc.start)
            if len(where) > limit:
                return None
            parts.append(data[pos:pos + exc.start].decode("utf-8") + "\ufffd")
            pos += exc.end
            decoder.reset()
    shown = ", ".join(str(offset) for offset in where[:8]) + (", ..." if len(where) > 8 else "")
    return "".join(parts), (f"DAMAGED_BYTES: {len(where)} invalid UTF-8 byte sequence(s) at byte offset(s) "
                            f"{shown}, decoded as U+FFFD")


def _detect(data: bytes) -> tuple[str | None, str | None, str | None]:
    """(text, encoding, note)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", ""), None
            except UnicodeDecodeError:
                if codec == "utf-8-sig":
                    damaged = _damaged_utf8(data[3:])
                    if damaged:
                        return damaged[0], "utf-8", damaged[1]
                return None, None, None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    codec = _utf16_without_bom(data) if b"\x00" in data else None
    if codec:
        return data.decode(codec), codec, None
    damaged = _damaged_utf8(data)
    if damaged and cjk_share(damaged[0]) >= _MIN_CJK_SHARE:
        return damaged[0], "utf-8", damaged[1]
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is not None and cjk_share(str(best)) >= _MIN_CJK_SHARE:
        return str(best), best.encoding, None
    for codec in _FALLBACKS:
        try:
            return data.decode(codec), codec, None
        except UnicodeDecodeError:
            continue
    return None, None, None


def _binary_reason(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary content: {kind}, not text (convert it to text first)"
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 100) and _utf16_without_bom(data) is None:
        return f"binary content: {controls} control bytes in the first {len(head)} bytes"
    return None


def decode_report(data: bytes) -> Decoded:
    """Decode one file's bytes, or quarantine it with the reason."""
    if not data:
        return Decoded(None, None, "quarantined", "empty file (no bytes at all)", EMPTY)
    binary = _binary_reason(data)
    if binary:
        return Decoded(None, None, "quarantined", binary, BINARY)
    text, encoding, note = _detect(data)
    if text is None:
        return Decoded(None, None, "quarantined",
                       "undecodable: not UTF-8, UTF-16, GB18030 or Big5 text", UNDECODABLE)
    if not text.strip().lstrip("\ufeff").strip():
        return Decoded(None, encoding, "quarantined", "empty file (only white space)", EMPTY)
    if cjk_share(text) < _MIN_CJK_SHARE:
        return Decoded(text, encoding, "quarantined", "not a report: almost no Chinese text", NOT_A_REPORT)
    if not any(marker in text for marker in _REPORT_MARKERS):
        return Decoded(text, encoding, "quarantined",
                       "not a report: no mention of 信息公开/政务公开 or 年度报告", NOT_A_REPORT)
    return Decoded(text, encoding, "ok", None, None, note)
