"""Text hygiene: the single place where raw report text becomes the *clean text*.

Every offset the other readers store (sections, cells, narrative facts, header evidence)
refers to the string returned by :func:`normalise`, so the function is deterministic and
idempotent (``normalise(normalise(x)[0])[0] == normalise(x)[0]``).

Canonical forms (the table / narrative / header readers rely on these):

* Unicode NFKC.  Consequently full-width ASCII forms become ASCII:
  ``（一）`` -> ``(一)``, ``：`` -> ``:``, ``，`` -> ``,``, ``；`` -> ``;``, ``！`` -> ``!``,
  ``？`` -> ``?``, ``［］`` -> ``[]``, ``｜`` -> ``|``, ``－`` -> ``-``, ``％`` -> ``%``,
  full-width digits and Latin letters -> ASCII, ideographic space -> ``' '``,
  Kangxi radicals / CJK compatibility ideographs -> the unified ideograph.
  ``…`` -> ``...``, circled/parenthesised numbers ``①`` -> ``1``, ``㈠`` -> ``(一)``.
* Kept as they are (no ASCII twin): ``、`` ``。`` ``《》`` ``〈〉`` ``〔〕`` ``【】`` ``——``
  and the Chinese zero forms ``〇``/``○``.
* Curly quotes become ASCII: ``“”„‟`` -> ``"`` and ``‘’`` -> ``'`` (so ``“三安全一稳定”`` and
  ``"三安全一稳定"`` read the same).
* Whitespace: NBSP and the other Unicode spaces -> ``' '``; zero-width characters, soft
  hyphens, BOM and control characters are removed; ``\\r\\n``/``\\r`` -> ``\\n``; trailing
  spaces on each line are removed; runs of more than two blank lines collapse to two.
  Spaces *inside* a line are kept (flattened tables use them as cell separators).
* HTML residue: entities (``&nbsp;``, ``&amp;``, ``&#12345;`` ...) are decoded, common tags
  (``<br>``, ``<p>``, ``</td>`` ...) are removed.
* Traditional characters -> simplified (OpenCC ``t2s``) when the text really is in
  traditional script (``had_traditional`` is then True).
* Pinyin annotations inside words (``街(jiē)道`` -> ``街道``) are removed.
* Injected spam lines (gambling/porn SEO spam) and OCR debris of embedded images
  (``[image: x.jpg]`` markers followed by Latin-letter garbage) are removed.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

try:  # opencc is a hard dependency of the project; keep the module importable without it
    import opencc
except ImportError:  # pragma: no cover
    opencc = None

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# --- characters -----------------------------------------------------------------------------
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e"
                         "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
# cheap replacements first (str.replace is a C scan); NFKC runs only if something is left
_REPLACE = (("，", ","), ("（", "("), ("）", ")"), ("：", ":"), ("；", ";"), ("！", "!"), ("？", "?"),
            ("．", "."), ("％", "%"), ("\u3000", " "), ("\u00a0", " "), ("\u2007", " "), ("\u202f", " "),
            ("“", '"'), ("”", '"'), ("„", '"'), ("‟", '"'), ("‘", "'"), ("’", "'"))
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|middot|ldquo|rdquo|lsquo|rsquo|"
                     r"hellip|mdash|ndash|bull|times|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});?")
_ENTITY_HINT = re.compile(r"&(?:[a-zA-Z]{2,7}|#[xX]?[0-9a-fA-F]{2,6});?")
_TAG = re.compile(r"</?(?:p|br|div|span|td|tr|th|table|tbody|thead|font|strong|b|i|u|em|img|a|li|ul|ol|"
                  r"h[1-6]|section|article|o:p|st1:[a-z]+)(?:\s[^<>\n]{0,300})?/?>", re.I)
_TAG_BLOCK = re.compile(r"^(?:</?(?:p|div|tr|table|tbody|li|ul|ol|h[1-6])\b|<br)", re.I)

# --- lines ----------------------------------------------------------------------------------
_TRAILING_WS = re.compile(r"[ \t]+\n")
_MANY_BLANK = re.compile(r"\n{4,}")
_IMAGE_MARK = re.compile(r"\[image:[^\]\n]{0,200}\]|!\[[^\]\n]{0,200}\]\([^)\n]{0,300}\)")
_HAS_CJK = re.compile(f"[{_CJK}]")
_CJK_RUN = re.compile(f"[{_CJK}]{{3,}}")
_LATIN = re.compile(r"[A-Za-z]")
_URLISH = re.compile(r"https?:|www\.|@|\.(?:gov|com|cn|net|org)\b|\.(?:pdf|docx?|xlsx?|wps|jpg|png)\b", re.I)
# a line made only of table-ish characters (cells, pipes, NA marks, dates) is never debris
_TABLEISH = re.compile(r"^[\s|\d.,:;+\-−/\\%—–()×#]*$")

_PINYIN = re.compile(
    f"\\(\\s?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{{1,8}}(?:\\s[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{{1,8}}){{0,3}}\\s?\\)"
    f"(?=[{_CJK}])")
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")

_SPAM_WORDS = (
    r"百家乐|娱乐城|博彩|六合彩|时时彩|老虎机|真人娱乐|葡京|威尼斯人|赌场|网上赌|赌博网|彩金|"
    r"体育投注|足球投注|投注网|下注|开户送|棋牌游戏|棋牌平台|捕鱼游戏|电子游艺|澳门(?:金沙|永利|银河|赌|娱乐|彩)|"
    r"皇冠(?:体育|娱乐|现金|投注|网)|bet365|betway|888真人|成人视频|av女优|快3|pk10|北京赛车|线上娱乐|在线娱乐|娱乐平台")
# a first-character filter in front of the alternation keeps the scan fast
_SPAM = re.compile("(?=[" + "".join(sorted({w[0] for w in _SPAM_WORDS.split("|")} | set("BbAaPp"))) + "])(?:"
                   + _SPAM_WORDS + ")", re.I)
_SPAM_CHARS = "赌彩葡娱棋虎澳冠捕尼"  # one of these (or 投注/bet) must occur before the full scan
_LINKISH = re.compile(r"开户|官网|注册送|首存|返水|网址|https?:|www\.|\.com|\.net|\.vip|\.cc\b|QQ|qq|微信|加V|[a-z0-9]{2,}\.(?:com|net|vip|cc|top)", re.I)
_SENTENCE = re.compile(r"[^。!?\n]*(?:[。!?]|$)")


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s") if opencc is not None else None


# characters t2s would change but that also occur in simplified text (names, set phrases):
# they do not count as evidence of traditional script on their own
_AMBIGUOUS_TRAD = set("乾於著瞭藉夥麽么鍾阪鬥餘嚮徵裏託捲祇沖僕隻迴朮準彆")


@lru_cache(maxsize=1)
def _trad_re() -> re.Pattern | None:
    """A character class of every CJK character that t2s changes (built once)."""
    cc = _converter()
    if cc is None:
        return None
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = cc.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive
        return None
    trad = [c for c, s in zip(chars, converted, strict=True) if c != s and c not in _AMBIGUOUS_TRAD]
    return re.compile("[" + "".join(trad) + "]")


def _is_debris_line(line: str) -> bool:
    """A line of OCR garbage: no Chinese, Latin letters, not a URL/e-mail/file name."""
    if _HAS_CJK.search(line) or _TABLEISH.match(line):
        return False
    if _URLISH.search(line):
        return False
    return bool(_LATIN.search(line)) or len(line.strip()) <= 3


def _drop_ocr_debris(text: str, notes: list[str]) -> str:
    if "[image:" not in text and "![" not in text:
        return text
    out: list[str] = []
    in_image = False
    dropped = 0
    for line in text.split("\n"):
        if _IMAGE_MARK.search(line):
            rest = _IMAGE_MARK.sub("", line)
            in_image = True
            dropped += 1
            if not rest.strip():
                out.append("")
                continue
            line = rest
        if in_image:
            stripped = line.strip()
            if not stripped:
                out.append("")
                continue
            cjk = len(_HAS_CJK.findall(stripped))
            # real text resumes with a line that is mostly Chinese
            if cjk >= 4 and _CJK_RUN.search(stripped) and cjk * 2 >= len(stripped.replace(" ", "")):
                in_image = False
                out.append(line)
                continue
            dropped += 1
            out.append("")
            continue
        out.append(line)
    if dropped:
        notes.append(f"removed {dropped} lines of image OCR debris")
    return "\n".join(out)


def _is_spam(s: str) -> bool:
    """Two distinct gambling/porn spam words, or one next to a link / contact: a report that
    mentions 打击赌场 once is not spam."""
    hits = {m.group(0).lower() for m in _SPAM.finditer(s)}
    return len(hits) >= 2 or (len(hits) == 1 and bool(_LINKISH.search(s)))


def _drop_spam(text: str, notes: list[str]) -> str:
    if not any(c in text for c in _SPAM_CHARS) and "投注" not in text and "bet" not in text:
        return text
    if not _SPAM.search(text):
        return text
    out = []
    removed = 0
    for line in text.split("\n"):
        if _is_spam(line):
            if len(line) <= 300:
                removed += 1
                continue
            # a long line (whole report on one line): drop only the spam sentences
            line = "".join(s for s in _SENTENCE.findall(line) if not _is_spam(s))
            removed += 1
        out.append(line)
    if removed:
        notes.append(f"removed {removed} injected spam line(s)")
    return "\n".join(out)


def _decode_entities(text: str, notes: list[str]) -> str:
    if "&" not in text or not _ENTITY_HINT.search(text):
        return text
    n = 0

    def rep(m: re.Match) -> str:
        nonlocal n
        n += 1
        s = m.group(0)
        if not s.endswith(";"):
            s += ";"
        out = html.unescape(s)
        return " " if out == "\xa0" else out

    text = _ENTITY.sub(rep, text)
    if n:
        notes.append(f"decoded {n} HTML entities")
    return text


def _strip_tags(text: str, notes: list[str]) -> str:
    if "<" not in text:
        return text
    n = 0

    def rep(m: re.Match) -> str:
        nonlocal n
        n += 1
        return "\n" if _TAG_BLOCK.match(m.group(0)) else ""

    text = _TAG.sub(rep, text)
    if n:
        notes.append(f"removed {n} HTML tags")
    return text


def _cut(text: str, spans: list[tuple[int, int]]):
    pos = 0
    for a, b in spans:
        yield text[pos:a]
        pos = b
    yield text[pos:]


def normalise(raw: str) -> tuple[str, bool, list[str]]:
    """(clean text, had traditional characters, notes on what was repaired)."""
    notes: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _decode_entities(text, notes)
    text = _strip_tags(text, notes)
    n_zw = len(_ZERO_WIDTH.findall(text))
    if n_zw:
        text = _ZERO_WIDTH.sub("", text)
        notes.append(f"removed {n_zw} zero-width/control characters")
    before = text
    for a, b in _REPLACE:
        if a in text:
            text = text.replace(a, b)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if text != before:
        notes.append("NFKC (full-width forms to ASCII)")
    # NFKC turns some exotic spaces into ' ' but keep tabs/newlines as they are
    text = text.replace("\u3000", " ")

    had_traditional = False
    trad = _trad_re()
    if trad is not None:
        hits = trad.findall(text)
        if len(hits) >= 3 or (hits and len(hits) / (len(_HAS_CJK.findall(text)) or 1) >= 0.02):
            converted = _converter().convert(text)
            if converted != text:
                text = converted
                had_traditional = True
                notes.append(f"traditional -> simplified ({len(hits)} characters)")

    if "(" in text:
        pin = [m for m in _PINYIN.finditer(text) if m.start() and _HAS_CJK.match(text, m.start() - 1)]
        if pin and (any(_TONED.search(m.group()) for m in pin) or len(pin) >= 2):
            text = "".join(_cut(text, [(m.start(), m.end()) for m in pin]))
            notes.append(f"removed {len(pin)} pinyin annotations")

    text = _drop_ocr_debris(text, notes)
    text = _drop_spam(text, notes)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_WS.sub("\n", text)
    text = text.rstrip(" \t")
    if "\n\n\n\n" in text:
        text = _MANY_BLANK.sub("\n\n\n", text)
    return text, had_traditional, notes
