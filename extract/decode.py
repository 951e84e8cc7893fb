"""Bytes to text: detect the encoding with charset-normalizer, or say why the file is not text.

A file that cannot become a report gets a readable reason instead of an exception, so a run over
a folder never stops on one bad file.
"""
from __future__ import annotations

import hashlib
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


@dataclass
class Decoded:
    text: str | None
    encoding: str | None
    status: str          # 'ok' or 'quarantined'
    reason: str | None   # readable, for quarantined files


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    return cjk / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    # Chinese text in UTF-16 without a BOM: every other byte of ASCII is NUL.
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _cjk_share(text) >= _MIN_CJK_SHARE and "\x00" not in text:
            return codec
    return None


def _detect(data: bytes) -> tuple[str | None, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError:
                return None, None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _utf16_without_bom(data) if b"\x00" in data else None
    if codec:
        return data.decode(codec), codec
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is not None and _cjk_share(str(best)) >= _MIN_CJK_SHARE:
        return str(best), best.encoding
    for codec in _FALLBACKS:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None, None


def _binary_reason(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary content: {kind}, not text (convert it to text first)"
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 100) and _utf16_without_bom(data) is None:
        return f"binary content: {controls} control bytes in the first {len(head)} bytes"
    return None


def decode_report(data: bytes) -> Decoded:
    """Decode one file's bytes, or quarantine it with the reason."""
    if not data.strip():
        return Decoded(None, None, "quarantined", "empty file (no text at all)")
    binary = _binary_reason(data)
    if binary:
        return Decoded(None, None, "quarantined", binary)
    text, encoding = _detect(data)
    if text is None:
        return Decoded(None, None, "quarantined",
                       "undecodable: not UTF-8, UTF-16, GB18030 or Big5 text")
    if _cjk_share(text) < _MIN_CJK_SHARE:
        return Decoded(text, encoding, "quarantined", "not a report: almost no Chinese text")
    if not any(marker in text for marker in _REPORT_MARKERS):
        return Decoded(text, encoding, "quarantined",
                       "not a report: no mention of 信息公开/政务公开 or 年度报告")
    return Decoded(text, encoding, "ok", None)
