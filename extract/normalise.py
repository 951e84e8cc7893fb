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
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

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
# CJK Radicals Supplement forms that are whole characters, as the unified ideograph (Unicode's
# EquivalentUnifiedIdeograph.txt). A CJK font draws 民 and the radical ⺠ with one glyph, so a PDF's
# text layer (and text copied out of it) often says 人⺠政府, ⻔户, ⻚; NFKC maps the Kangxi radicals
# (U+2F00-2FDF) but not these. Component-only forms (⺅ ⻖ ⻌ …) are not characters and stay.
_RADICALS = str.maketrans(
    "⺁⺝⺟⺠⺩⻁⻄⻅⻆⻉⻋⻑⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "厂月母民王虎西见角贝车長长门青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟")
_RADICAL_HINT = re.compile("[\u2e80-\u2eff]")
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|middot|ldquo|rdquo|lsquo|rsquo|"
                     r"hellip|mdash|ndash|bull|times|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});?")
_ENTITY_HINT = re.compile(r"&(?:[a-zA-Z]{2,7}|#[xX]?[0-9a-fA-F]{2,6});?")
_TAG = re.compile(r"</?(?:p|br|div|span|td|tr|th|table|tbody|thead|font|strong|b|i|u|em|img|a|li|ul|ol|"
                  r"h[1-6]|section|article|o:p|st1:[a-z]+)(?:\s[^<>\n]{0,300})?/?>", re.I)
_TAG_BLOCK = re.compile(r"^(?:</?(?:p|div|tr|table|tbody|li|ul|ol|h[1-6])\b|<br)", re.I)

# --- lines ----------------------------------------------------------------------------------
# (?<!...) starts a match only where a run starts: linear, where `[ \t]+\n` is quadratic in a long run
_TRAILING_WS = re.compile(r"(?<![ \t])[ \t]+\n")
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

# Injected gambling/porn spam, recognised by what every such line has: a gambling word (a game,
# a casino, a betting brand) next to a call to act (官网, 下载, 注册, 开户, 送彩金, a link) or a second
# gambling word. Report sentences about fighting gambling (打击, 查处, 整治 ...) are never spam.
_SPAM_WORDS = (
    r"百家乐|娱乐城|博彩|六合彩|时时彩|老虎机|真人(?:娱乐|视讯|棋牌|荷官)|葡京|威尼斯人|赌场|网上赌|赌博网|赌球|彩金|"
    r"投注|下注|棋牌(?:游戏|平台)|捕鱼游戏|电子游艺|麻将胡了|pg电子|ag真人|bbin|澳门(?:金沙|永利|银河|赌|娱乐|彩)|"
    r"皇冠(?:体育|娱乐|现金|投注|网)|bet365|betway|成人视频|av女优|快[3三](?:平台|计划|彩)|pk10|北京赛车|"
    r"(?:线上|在线|网上)娱乐|娱乐(?:平台|官网|网址|集团)|体育(?:app|官网|官方|平台|下载|投注|登录|在线)|"
    r"彩票(?:app|平台|官网|下载|网站)|(?:开云|亚博|九游|乐鱼|米乐|金宝博|雷竞技|必威|威廉希尔)(?:体育|会|官网|app|m6)?|"
    r"(?:永利|银河|太阳城)(?:皇宫|娱乐|集团)")
# the first characters of the words above, in front of the alternation: the scan skips to them
_SPAM_FIRST = "百娱博六时老真葡威赌网投下棋捕电麻澳皇成快北线在体彩开亚九乐米金雷必永银太pPaAbB"
_SPAM = re.compile(f"(?=[{_SPAM_FIRST}])(?:{_SPAM_WORDS})", re.I)
_CALL_TO_ACT = re.compile(
    r"官网|官方网站|app|下载|注册|开户|首存|返水|送\d+|送彩金|试玩|登录|入口|网址|平台|信誉|计划|稳赚|上分|下分|优惠|"
    r"充值|提现|微信|QQ|加V|https?:|www\.|(?<![a-z0-9-])[a-z0-9-]{2,}\.(?:com|net|vip|cc|top|me|app|bet|xyz)\b", re.I)
_LINK = re.compile(r"https?:|www\.|(?<![a-z0-9-])[a-z0-9-]{2,}\.(?:com|net|vip|cc|top|me|app|bet|xyz)\b", re.I)
_FIGHTING = re.compile(r"打击|整治|查处|专项|依法|取缔|关停|治理|违法|犯罪|举报|宣传|检查|排查|监管|禁止")
# Page chrome with nothing in it: print/close/share/font-size buttons and view counters (a line
# of only these; a line that also says 来源/发布时间/a unit is kept: the header reads those).
_CHROME_WORD = re.compile(r"打印本页|打印|关闭窗口|关闭|返回顶部|分享到|分享|收藏|扫一扫在手机打开当前页|扫一扫|"
                          r"在手机打开当前页|字体|默认|超大|浏览次数|阅读次数|访问次数|网站地图|我要纠错|纠错|"
                          r"二维码|微信|微博|QQ空间|[大中小]")
_CHROME_WORDS_NEEDED = re.compile(r"(?=[打关返分收扫字浏阅访网纠])(?:打印|关闭|返回顶部|分享|收藏|扫一扫|字体|浏览次数|阅读次数|"
                                  r"访问次数|网站地图|纠错)")
_CHROME_FILLER = re.compile(r"[\s:;,.|/\-_【】\[\]()<>〔〕《》·•\d次]+")
_PREV_NEXT = re.compile(r"^[ \t]*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)[ \t]*[:：]")
_PREV_NEXT_ANYWHERE = re.compile(r"(?=[上下])[上下]一[篇条页]")
_SENTENCE = re.compile(r"[^。!?\n]*(?:[。!?]|$)")


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s") if opencc is not None else None


# characters t2s would change but that also occur in simplified text (names, set phrases):
# they do not count as evidence of traditional script on their own
_AMBIGUOUS_TRAD = set("乾於著瞭藉夥麽么鍾阪鬥餘嚮徵裏託捲祇沖僕隻迴朮準彆")


@lru_cache(maxsize=1)
def _changed_by_t2s() -> tuple[tuple[str, str], ...]:
    """(character, its t2s form) of every basic-block CJK character t2s changes (converted once)."""
    cc = _converter()
    if cc is None:
        return ()
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = cc.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive
        return ()
    return tuple((c, s) for c, s in zip(chars, converted, strict=True) if c != s)


@lru_cache(maxsize=1)
def _trad_re() -> re.Pattern | None:
    """A character class of every CJK character that t2s changes (built once)."""
    trad = [c for c, s in _changed_by_t2s() if c not in _AMBIGUOUS_TRAD and _in_basic_block(s)]
    return re.compile("[" + "".join(trad) + "]") if trad else None


def _in_basic_block(s: str) -> bool:
    """t2s maps a few characters that simplified text itself uses in place names (鮀 of 鮀莲街道,
    礐 of 礐石街道) onto rare forms outside the basic CJK block, which no name list or reader
    knows: those are neither evidence of traditional script nor converted."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)


@lru_cache(maxsize=1)
def _kept_chars() -> frozenset[str]:
    return frozenset(c for c, s in _changed_by_t2s() if not _in_basic_block(s))


def _to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    kept = _kept_chars()
    if len(converted) == len(text) and any(ch in kept for ch in text):
        converted = "".join(o if o in kept else c for o, c in zip(text, converted, strict=True))
    return converted


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
    """Two distinct gambling words, or one next to a call to act; never a sentence about
    fighting gambling without a link in it."""
    hits = {m.group(0).lower() for m in _SPAM.finditer(s)}
    if not hits or (_FIGHTING.search(s) and not _LINK.search(s)):
        return False
    return len(hits) >= 2 or bool(_CALL_TO_ACT.search(s))


def _is_chrome(line: str) -> bool:
    """A line of page buttons and counters only, or a link to the previous/next page."""
    if _PREV_NEXT.match(line):
        return True
    if len(line) > 80 or not _CHROME_WORDS_NEEDED.search(line):
        return False
    return not _CHROME_FILLER.sub("", _CHROME_WORD.sub("", line))


def _drop_spam_words(sentence: str) -> str:
    if len(_SPAM.findall(sentence)) >= 2 or _LINK.search(sentence) or len(_HAS_CJK.findall(sentence)) < 30:
        return ""
    return _SPAM.sub("", sentence)


def _drop_spam(text: str, notes: list[str]) -> str:
    # only the lines a candidate word falls on are looked at
    starts = [m.start() for m in _SPAM.finditer(text)] + [m.start() for m in _CHROME_WORDS_NEEDED.finditer(text)]
    starts += [m.start() for m in _PREV_NEXT_ANYWHERE.finditer(text)]
    if not starts:
        return text
    lines = text.split("\n")
    line_starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    candidates = {bisect_right(line_starts, pos) - 1 for pos in starts}
    removed = chrome = 0
    for i in sorted(candidates):
        line = lines[i]
        if _is_chrome(line):
            chrome += 1
            lines[i] = None
        elif _is_spam(line):
            if len(line) <= 300:
                removed += 1
                lines[i] = None
                continue
            # a long line (a whole report on one line, or a brand name injected into a sentence):
            # a sentence of spam goes; a report sentence keeps everything but the spam word
            kept = "".join(_drop_spam_words(s) if _is_spam(s) else s for s in _SENTENCE.findall(line))
            removed += kept != line
            lines[i] = kept
    if removed:
        notes.append(f"removed {removed} injected spam line(s)")
    if chrome:
        notes.append(f"removed {chrome} line(s) of page chrome (buttons, counters, previous/next links)")
    return "\n".join(line for line in lines if line is not None) if removed or chrome else text


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
    if _RADICAL_HINT.search(text):
        text = text.translate(_RADICALS)
    if text != before:
        notes.append("NFKC (full-width forms to ASCII)")
    # NFKC turns some exotic spaces into ' ' but keep tabs/newlines as they are
    text = text.replace("\u3000", " ")

    had_traditional = False
    trad = _trad_re()
    if trad is not None:
        hits = trad.findall(text)
        if len(hits) >= 3 or (hits and len(hits) / (len(_HAS_CJK.findall(text)) or 1) >= 0.02):
            converted = _to_simplified(text)
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
