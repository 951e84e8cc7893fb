"""Report header: unit, county, year, publish date, title (all read from the clean text).

Rules (general, no per-file cases):

* **title**: a ``标题``/``标 题`` metadata value, else the first short line near the top that
  reads like ``<unit><year>…政府信息公开…报告`` (two-line titles are joined), else such a
  phrase inside the first sentences (one-line reports).
* **unit_name**: from the title (``[admin prefix]<unit>[人民政府|政府|办事处|管委会]<year>…``),
  the admin prefix (省/市/县/区/旗/盟/州…) being peeled off; else the township name
  (…镇/乡/苏木/街道) best supported by the whole text (every occurrence votes, occurrences in
  metadata, signatures and before 人民政府/党委/<year> vote more).  ``xx街道办事处`` -> ``xx街道``,
  a title short form ``xx街`` becomes ``xx街道`` when the list or the text says so.  County-level units
  (平潭县, 平潭综合实验区) and departments (…局) keep their own name; 人民政府/管委会 are dropped.
* **county**: the county-level unit written right before the unit's name (``湖口县大垅乡``,
  ``衡阳市衡东县杨林镇``), else the best county-level name mentioned in the text (…县/旗 before
  …区 before …市, a 市 followed by another county-level name being a prefecture), never from
  navigation chrome.  A mention counts only with a clear left edge (punctuation, or a stop word
  such as 在/通过/包括) and when it is followed by its government, a department, a website, a
  township or a year (丰城市政府网站, 瑞安市人民政府网站, 平潭县地税局), or when the unit is said to lie
  in it (``位于仁寿县东部``; not a 市, which may be the prefecture); the fullest spelling in the text
  wins (鄂温克旗 -> 鄂温克族自治旗).  Districts may end like areas (南山区, 浦东新区 are districts;
  贫困山区, 开发区 are not).  Breadcrumbs (``当前位置…``, ``a > b > c``) are navigation, never
  evidence, and so are lines that only list townships (a site's menu of its 乡镇).  None when the
  unit is itself county-level or no county is named (``旗政府``, ``松阳政府网``).
* **the division list** (``extract.divisions``, NBS 2023) checks names, never supplies them: it
  peels known county/prefecture/province names whole (凉州区张义镇, a 人民政府 between county and
  township dropped), accepts townships it knows however odd (东直门街道, 辉苏木, 螅镇, Tianjin
  ``佳荣里街`` -> 佳荣里街道), drops prefectures and provinces as counties (威海市, 北京市; a
  department named after one lies in no county), trims sentence fragments off a county it knows
  (中共通江县, 和苍南县, 会同 is a stop word and a county's first characters) and ranks first the
  counties that hold the unit's township (when at most three do), which then count wherever the
  text names them.  A name it knows is never cut by a stop word inside it (太和县, 以礼街道,
  达尔罕茂明安联合旗), never peeled (瑶区瑶族乡) and never split at a suffix character inside it
  (镇沅…自治县, 东乡区, 红旗街街道); a county the text names must be one it knows or the renamed form
  of one (崇明县), so phrases that end like a county (依法治县, 和田地区's 田地区) are not counties.
  A one-character conjunction after a word joins (`规定和县政府` names no 和县).  A township named as the page's publisher (``发布机构:``/``来源:``) votes like
  three mentions; a report speaking as a 乡/镇/街道 (``我乡编制了…``) is that township even when
  its title names the county office that published it.
* **is_truncated**: the text ends mid-sentence or mid-table; page numbers (``- 3 -``,
  ``第3页 共5页``) and site footers after the last line are not content.
* **report_year**: the statistics period (统计期限/时限/时段/报告期…, also garbled ``自201411日起``),
  else the year in the title, else either in Chinese numerals (``二〇一九年度…报告``), else
  ``YYYY年度`` mentions, else the most frequent plausible year.
* **publish_date**: a signature date standing on its own (after the body, Arabic or Chinese
  numerals), else a metadata line 成文日期 > 发文日期 > 发布日期 > 发布时间 > 公开日期 > 日期 >
  时间 > 更新日期 (Arabic or Chinese numerals); separators may be lost (``20191月1日``);
  ``元月`` is January.  Dates before the report year are ignored, and so are signature dates
  and bare 日期/时间 lines more than five years after it; a line keyed 发布/公开/成文… counts
  however late (late publication is a finding, not a reason to drop the date).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from functools import lru_cache

from extract.divisions import county_short_form, load_divisions
from extract.model import Evidence, Header
from extract.numbers import chinese_to_int
from extract.template import detect_template, template_evidence

# Chinese characters, the rare ones of the extension blocks included (湖㳇镇, 䢺江镇, 塘㙍镇)
C = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_YEAR_MIN, _YEAR_MAX = 2000, 2035

# ----------------------------------------------------------------------------------------------
# report year
# ----------------------------------------------------------------------------------------------
_STAT_PERIOD = re.compile(
    r"(?:统\s*计\s*(?:数\s*据\s*)?(?:的\s*)?(?:期\s*限|时\s*限|日\s*期|时\s*间|期\s*间|区\s*间|范\s*围|截\s*止|周\s*期|时\s*段)"
    r"|报\s*告\s*期\s*(?:限|间)?\s*(?:为|是|:|自|从))"
    r"[^0-9。\n]{0,8}?((?:19|20)\d\d)")
_STAT_PERIOD2 = re.compile(r"(?:数据|统计)[^。\n]{0,12}?(?:自|从)\s*((?:19|20)\d\d)\s*年?\s*\d{0,2}\s*月?\s*\d{0,2}\s*日?\s*(?:起|至|到|—|-)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度?[^。\n,;]{0,25}?(?:政府信息公开|政务公开|信息公开)[^。\n,;]{0,15}?(?:报\s*告|年\s*报)")
_YEAR_DU = re.compile(r"((?:19|20)\d\d)\s*年度")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!\d)")


# `二〇一九年度…报告`, `统计期限自二〇一九年一月一日起`: the same evidence in Chinese numerals
_CN_YEAR = "([二][〇○零O0一二三四五六七八九]{3})"
_STAT_PERIOD_CN = re.compile(
    r"统\s*计\s*(?:数\s*据\s*)?(?:的\s*)?(?:期\s*限|时\s*限|日\s*期|时\s*间|期\s*间|区\s*间|范\s*围|周\s*期)"
    r"[^0-9。\n]{0,8}?" + _CN_YEAR + r"\s*年")
_TITLE_YEAR_CN = re.compile(
    _CN_YEAR + r"\s*年\s*度?[^。\n,;]{0,25}?(?:政府信息公开|政务公开|信息公开)[^。\n,;]{0,15}?(?:报\s*告|年\s*报)")


def _cn_year(digits: str) -> int | None:
    try:
        return int("".join(str(_CN_DIGIT[c]) for c in digits))
    except KeyError:
        return None


def _plausible(y: int) -> bool:
    return _YEAR_MIN <= y <= _YEAR_MAX


def find_report_year(text: str) -> tuple[int | None, int, int]:
    """(year, start, end) of the evidence for the report year; (None, 0, 0) when unknown."""
    for rx in (_STAT_PERIOD, _STAT_PERIOD2):
        for m in rx.finditer(text):
            y = int(m.group(1))
            if _plausible(y):
                return y, m.start(1), m.end(1)
    head = text[:3000]
    m = _TITLE_YEAR.search(head)
    if m and _plausible(int(m.group(1))):
        return int(m.group(1)), m.start(1), m.end(1)
    if "年" in head:
        for rx in (_STAT_PERIOD_CN, _TITLE_YEAR_CN):
            m = rx.search(head)
            y = _cn_year(m.group(1)) if m else None
            if y and _plausible(y):
                return y, m.start(1), m.end(1)
    counts: Counter = Counter()
    first: dict[int, tuple[int, int]] = {}
    for m in _YEAR_DU.finditer(text):
        y = int(m.group(1))
        if _plausible(y):
            counts[y] += 1
            first.setdefault(y, (m.start(1), m.end(1)))
    if not counts:
        for m in _YEAR_ANY.finditer(text):
            y = int(m.group(1))
            if _plausible(y):
                counts[y] += 1
                first.setdefault(y, (m.start(1), m.end(1)))
    if counts:
        y = max(counts, key=lambda k: (counts[k], -first[k][0]))
        return y, first[y][0], first[y][1]
    m = _TITLE_YEAR.search(text)
    if m and _plausible(int(m.group(1))):
        return int(m.group(1)), m.start(1), m.end(1)
    return None, 0, 0


# ----------------------------------------------------------------------------------------------
# dates
# ----------------------------------------------------------------------------------------------
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_AR = re.compile(r"((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"
                      r"|(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
_DATE_CN = re.compile(r"([二][〇○零O0一二三四五六七八九]{3})\s*年\s*([一二三四五六七八九十]{1,3}|元)\s*月\s*"
                      r"([一二三四五六七八九十]{1,3})\s*日")
_META_DATE = re.compile(r"(?:日\s*期|时\s*间)\s*[:|]?\s*\|?\s*(?=\d|二[〇○零O0一二])")
_META_KEYS = frozenset(("成文", "发文", "印发", "发布", "公开", "更新", "生成"))
_META_PRIORITY = {"成文日期": 0, "发文日期": 1, "印发日期": 1, "发布日期": 2, "发布时间": 3, "公开日期": 4,
                  "生成日期": 5, "日期": 6, "时间": 7, "更新日期": 8, "更新时间": 8}


def _meta_key_before(text: str, pos: int) -> str:
    """The key (成文, 发布, …) that ends the six characters before pos, white space aside."""
    before = text[max(0, pos - 6): pos].rstrip()
    return before[-2:] if before[-2:] in _META_KEYS else ""


def _mk_date(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _parse_ar(m: re.Match) -> dt.date | None:
    y = int(m.group(1))
    if m.group(2):
        return _mk_date(y, int(m.group(2)), int(m.group(3)))
    if m.group(4):
        return _mk_date(y, int(m.group(4)), int(m.group(5)))
    return _mk_date(y, int(m.group(6)), int(m.group(7)))


def _small_cn(s: str) -> int | None:
    """A month/day numeral (一 … 三十一); larger or odd forms go through chinese_to_int."""
    if s == "元":  # 元月 is January
        return 1
    if len(s) == 1:
        return 10 if s == "十" else _CN_DIGIT.get(s)
    if len(s) == 2 and s[0] == "十":
        d = _CN_DIGIT.get(s[1])
        return None if d is None else 10 + d
    if len(s) == 2 and s[1] == "十":
        d = _CN_DIGIT.get(s[0])
        return None if d is None else 10 * d
    if len(s) == 3 and s[1] == "十":
        a, b = _CN_DIGIT.get(s[0]), _CN_DIGIT.get(s[2])
        return None if a is None or b is None else 10 * a + b
    return chinese_to_int(s)


def _parse_cn(m: re.Match) -> dt.date | None:
    try:
        y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
    except KeyError:
        return None
    mo = _small_cn(m.group(2))
    d = _small_cn(m.group(3))
    if mo is None or d is None:
        return None
    return _mk_date(y, mo, d)


def _meta_date_value(text: str, pos: int) -> tuple[dt.date | None, re.Match | None]:
    """The date written at pos after a 发布日期/成文日期 key, in Arabic or Chinese numerals."""
    dm = _DATE_AR.match(text, pos)
    if dm:
        return _parse_ar(dm), dm
    dm = _DATE_CN.match(text, pos)
    return (_parse_cn(dm), dm) if dm else (None, None)


def _all_dates(text: str) -> list[tuple[int, int, dt.date]]:
    out = []
    for m in _DATE_AR.finditer(text):
        d = _parse_ar(m)
        if d:
            out.append((m.start(), m.end(), d))
    if "年" in text:
        for m in _DATE_CN.finditer(text):
            d = _parse_cn(m)
            if d:
                out.append((m.start(), m.end(), d))
    out.sort()
    return out


# what may stand right before a signature date (then white space and an opening parenthesis)
_SIG_BOUNDARY_CHARS = "。!;)]"
_SIG_SIGNING_ORGANS = ("政府", "办公室", "管委会", "委员会", "办事处", "镇", "乡", "街道", "苏木", "局", "中心", "处", "科", "室")
_SIG_AFTER_OK = re.compile(r"^\s*(?:\)\s*)?(?:$|\n|附件|附表|[^\s。,;:、]{0,30}?(?:统计表|情况表)|\S{0,40}\.(?:pdf|docx?|xlsx?|wps))")


def _after_signing_boundary(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] ends with a line or sentence end, or a signing organ, then white space
    and at most one '(' (the start of the text counts as a line end). Done from the end: a regex
    searched over the window retried its white space at every position."""
    window = text[lo:hi]
    core = window.rstrip()
    if core.endswith("("):
        core = core[:-1].rstrip()
    if "\n" in window[len(core):]:
        return True
    if not core:
        return lo == 0
    return core[-1] in _SIG_BOUNDARY_CHARS or core.endswith(_SIG_SIGNING_ORGANS)


def _signature_dates(text: str, dates) -> list[tuple[int, int, dt.date]]:
    sig = []
    for s, e, d in dates:
        # a date inside a sentence (…自2018年1月1日起…, 于…召开) is not a signature: it stands
        # after a line/sentence end or the signing organ, and ends its line or precedes 附件/统计表
        if not _after_signing_boundary(text, max(0, s - 40), s):
            continue
        if not _SIG_AFTER_OK.match(text[e:e + 60]):
            continue
        sig.append((s, e, d))
    return sig


# ----------------------------------------------------------------------------------------------
# names
# ----------------------------------------------------------------------------------------------
_TOWN_SUFFIX = re.compile(r"街道办事处|街道|苏木|镇|乡")
_TOWN_ENDINGS = ("街道", "苏木", "镇", "乡")
# scanning the text also finds Tianjin-style short forms (`佳荣里街`), kept only when the division
# list knows the 街道 they stand for
_TOWN_SCAN = re.compile(r"街道办事处|街道|苏木|镇|乡|街(?!道)")
_ADMIN_PEEL = re.compile(
    f"[{C}]{{1,10}}?(?:特别行政区|自治区|自治州|自治县|自治旗|林区|特区|地区|省|市|州|盟|县|区|旗)")
_COUNTY_LEVEL_END = ("自治县", "自治旗", "县", "旗", "区", "市", "林区", "特区")
_STOP_WORDS = sorted(
    "包括 通过 联系 按照 根据 地处 关于 落实 贯彻 下载 登录 访问 查阅 以及 发布 公布 报送 现将 特向 汇总 编制 全文 组织 "
    "开展 做好 推进 经过 位于 来自 作为 其中 对于 由于 为了 请与 围绕 结合 加强 指导 领导 配合 协调 地址 下发 印发 转发 "
    "召开 参加 参与 完成 开通 利用 依托 建立 设立 设置 上报 报告 公开 属于 隶属 辖属 所属 "
    "处理 办理 受理 回复 答复 反馈 提交 提供 报请 进行 实施 执行 督促 推动 支持 帮助 要求 服务 管理 整改 深化 "
    "规定 部署 安排 精神 文件 指示 统一 指定 相关 简称 发挥 进驻 加快 提高 提升 加大 强化 深化 规范 健全 完善 "
    "召集 组成 成立 调整 明确 确保 保障 接受 接待 反映 邀请 协助 牵头 会同 联合 督查 检查 考核 评议 通报 "
    "印发 制定 制发 出台 审核 审查 审批 批准 备案 报备 报送 移交 转交 送达 推送 发送 转载 刊登 链接 "
    "全面 积极 认真 及时 主动 切实 进一步 不断 持续 继续 共同 统筹 负责 分管 主管 上级 下级 "
    "在 从 由 与 及 和 对 向 经 把 将 被 于 至 到 赴 往 去 给 即 的 了 是 请 年 度 为 以 按 据 让 使 用".split(),
    key=len, reverse=True)
_STOP_SET = frozenset(_STOP_WORDS)
_STOP_SIZES = sorted({len(w) for w in _STOP_WORDS}, reverse=True)
_STOP_RE = re.compile("(?:" + "|".join(map(re.escape, _STOP_WORDS)) + ")")
_BAD_CORE_CHARS = r"[委政府级直属辖内的了个等是在对与及各我该这此其议部门作办所站队社组]"
_BAD_CORE = re.compile(_BAD_CORE_CHARS + r"|乡$")
_BAD_COUNTY_CORE = re.compile(_BAD_CORE_CHARS + r"|[市县区旗省村]")
_BAD_TITLE_CORE = re.compile(r"^[我本该各全此每这其]|[的了在对与及是为]")
_GOV_TAIL = re.compile(r"(?:人民政府|政府|办事处|管理委员会|管委会|党委|党工委)$")
_FOLLOW_BONUS = re.compile(r"\A(?:人民政府|政府|办事处|党委|党工委|\s*\d{4}\s*年|机关)")  # matched on a slice
_TOWN_BAD_FOLLOW = {"镇": re.compile(r"[级内村]"),  # 镇级, 镇内, 镇村: the level, not a name
                    "乡": re.compile(r"[村镇土亲贤愁风间下里音情]|级|内"),
                    "街道": re.compile(r"[口两路边]"), "苏木": re.compile(r"[^人政党机\s\d年,。、]"),
                    "街": re.compile(r"[口头巷区景面上市坊路号\d]"),  # 中山街8号 is an address
                    "街道办事处": re.compile(r"$^")}
_COUNTY_BAD_FOLLOW = {"市": re.compile(r"[场民容值级直属辖区内外县]|政府信息"),
                      "区": re.compile(r"[域别分间块内外]"),
                      "县": re.compile(r"[域级城直内外]"),
                      "旗": re.compile(r"[帜手舰号杆下]")}
_GENERIC_AREA = re.compile(r"(?:开发区|园区|社区|小区|景区|城区|市区|辖区|片区|山区|库区|灾区|矿区|牧区|街区|示范区|"
                           r"保护区|功能区|服务区|集中区|试验区|行政区|自治区|特别行政区|风景区|新区)$")


def _is_generic_area(name: str) -> bool:
    """`开发区`, `辖区`, `贫困山区` are areas, not county-level units; a district the division list
    knows by a proper name (东城区, 南山区, 浦东新区; not the bare 城区, 郊区) is one."""
    if len(name) > 2 and load_divisions().admin_level(name) == "county":
        return False
    return bool(_GENERIC_AREA.search(name))


_GENERIC_SHORT = re.compile(r"^(?:实验|示范|试点|核心|综合|数量|全市|全县|城市|城区|市区|县城)(?:区|县|市|旗)$")
# navigation: a breadcrumb names the site's sections and other units, not the report's own
_CHROME_LINE = re.compile(r"当前位置|所在位置|您的位置|当前页面|首页\s*>|>\s*首页|网站首页"
                          # `松阳县人民政府门户网站 > 乡镇信息公开 > 柳林镇`: two separators in a row;
                          # led by the separator so the scan can skip to it
                          f"|[>›»]\\s*[{C}]{{2,20}}\\s*[>›»]")


_HEAD_SCAN, _TAIL_SCAN = 6000, 1500


def _iter_window(rx: re.Pattern, text: str, head: int = _HEAD_SCAN, tail: int = _TAIL_SCAN):
    """Matches of rx in the head and the tail of a long text (names and dates live there)."""
    if len(text) <= head + tail:
        yield from rx.finditer(text)
        return
    yield from rx.finditer(text, 0, head)
    yield from rx.finditer(text, len(text) - tail)


def _left_context(text: str, pos: int, n: int = 16) -> str:
    """The run of CJK characters (at most n) that ends at pos."""
    lo = max(0, pos - n)
    i = pos
    while i > lo and _is_cjk(text[i - 1]):
        i -= 1
    return text[i:pos]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0003134f"


@lru_cache(maxsize=8192)
def _cut_stop(ctx: str, tail: str = "") -> tuple[str, bool]:
    """(ctx after its rightmost stop word, whether a stop word was found).  `tail` is what
    follows ctx in the text (a township's or county's suffix): a stop word inside a name the
    division list knows (太和县, 民和回族土族自治县, 达尔罕茂明安联合旗, 以礼街道, 年丰朝鲜族乡,
    联合乡) is part of the name, not a boundary."""
    end = len(ctx)
    while end > 0:
        hit = _rightmost_stop(ctx, end)
        if hit is None:
            return ctx, False
        lo, hi = hit
        word, rest = ctx[lo:hi], ctx[hi:]
        if hi - lo == 1 and word in "和与及" and lo == 0 and not _names_over(ctx, tail, lo, hi):
            # nothing to join on its left: 和县, 和平区 are names, not `A和B`
            return ctx, False
        if len(rest) == 1 and hi - lo == 1 and word in "和与及" and not _names_over(ctx, tail, lo, hi):
            # 和田县, 和县: a one-character remainder keeps the conjunction-like character
            return word + rest, True
        named = _names_over(ctx, tail, lo, hi)
        if named is None:
            return rest, True
        if named >= lo:  # 会同县: the stop word 会同 begins a name
            return ctx[named:], True
        end = named  # the stop word lies inside a name: the boundary is further left
    return ctx, False


def _cut_stop_name(s: str) -> tuple[str, bool]:
    """_cut_stop of a string that may end with a township's suffix, which then protects a listed
    name (以礼街道, 年丰朝鲜族乡)."""
    body = _GOV_TAIL.sub("", s)  # 格朗和哈尼族乡人民政府
    suffix = _TOWN_SUFFIX.search(body, max(0, len(body) - 5))
    if suffix and suffix.end() == len(body) and suffix.start() > 0:
        ctx, cut = _cut_stop(body[:suffix.start()], suffix.group(0))
        return ctx + s[suffix.start():], cut
    return _cut_stop(s)


def _rightmost_stop(ctx: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the stop word that ends last in ctx[:end], the longest of those."""
    for stop_end in range(end, 0, -1):
        for size in _STOP_SIZES:
            if size <= stop_end and ctx[stop_end - size:stop_end] in _STOP_SET:
                return stop_end - size, stop_end
    return None


_LONGEST_ADMIN = 15
_LEVEL_CHARS = frozenset("省市县区旗州盟乡镇")
_LONGEST_TOWN = 12


def _names_over(ctx: str, tail: str, lo: int, hi: int) -> int | None:
    """Start of a name of the division list that runs over the stop word ctx[lo:hi]: a county,
    prefecture or province name inside ctx + tail, or a township that ends where ctx does
    (ctx[start:] + tail)."""
    divisions = load_divisions()
    whole = ctx + tail
    # `规定和县政府`, `县委和县政府`: a one-character conjunction after a word joins two things,
    # even before a county's name; after a province or prefecture (安徽省和县) it begins the name
    # (`编制了和田地区`: what follows 和 is neither a name nor a bare level, so 和 begins the name)
    conjunction = (hi - lo == 1 and ctx[lo] in "和与及" and lo > 0 and not _ends_with_admin(ctx[:lo])
                   and (whole[hi:hi + 1] in _LEVEL_CHARS or divisions.leading_admin(whole[hi:]) is not None))
    for start in range(max(0, lo - _LONGEST_ADMIN), hi):
        if start >= lo and conjunction:
            break
        known = divisions.leading_admin(whole[start:])
        if known and start + len(known) >= hi and (start < lo or start + len(known) > hi):
            return start
    if tail == "街" or (tail and _TOWN_SUFFIX.fullmatch(tail)):
        for start in range(max(0, len(ctx) - _LONGEST_TOWN), lo + 1):
            if _known_town(ctx[start:] + tail):
                return start
    return None


_CLOSING_MARKS = frozenset("》」』)）】\"'”’")


def _ends_with_admin(s: str) -> bool:
    """Whether s ends with a county, prefecture or province name of the list."""
    divisions = load_divisions()
    return any(divisions.admin_level(s[j:]) for j in range(max(0, len(s) - _LONGEST_ADMIN), len(s) - 1))


def _bounded(text: str, pos: int, n: int, tail: str = "") -> tuple[str, bool]:
    """Left context of pos (at most n characters) cut at its stop word, and whether its left
    boundary is certain.  The stop word is looked for further left than n, so that a name
    running over it (达尔罕茂明安联合旗查干哈达苏木) is seen whole."""
    wide = max(n, _TOWN_LOOKBACK)
    ctx = _left_context(text, pos, wide)
    certain = len(ctx) < wide or pos - len(ctx) <= 0
    if ctx[:1] in ("和", "与", "及") and text[pos - len(ctx) - 1: pos - len(ctx)] in _CLOSING_MARKS:
        ctx, certain = ctx[1:], True  # `《条例》和县政府`: a conjunction after a title
    ctx, cut = _cut_stop(ctx, tail)
    if len(ctx) > n:
        return ctx[-n:], False
    return ctx, certain or cut


@lru_cache(maxsize=8192)
def _peel(s: str, suffix: str = "") -> tuple[tuple[str, ...], str]:
    """Split leading admin units off s: '衡阳市衡东县杨林' -> (['衡阳市','衡东县'], '杨林').

    Names the division list knows are peeled whole (凉州区张义 -> 凉州区 + 张义, where the
    pattern alone would stop at 凉州), with a 人民政府 between the county and the township dropped
    (白云区人民政府棠景 -> 白云区 + 棠景); others by their ending.  What is left must still be a
    name: `suffix` is the township suffix that follows s, so a known one-character township
    (佳县螅 + 镇) is kept."""
    units = []
    divisions = load_divisions()
    while s:
        if _known_town(s + suffix) if suffix else (len(s) > 1 and _known_town(s)):
            break  # a listed township is not peeled (瑶区瑶族乡, 寨市苗族侗族乡, 陈州街回族街道)
        known = divisions.leading_admin(s)
        if known:
            rest = s[len(known):]
            between = _GOV_BETWEEN.sub("", rest)
            if between and (suffix or _TOWN_SUFFIX.search(between[-2:])):
                rest = between  # 白云区人民政府棠景街道 (not 上海市人民政府办公厅: a department)
            if _still_a_name(rest, suffix, divisions):
                units.append(known)
                s = rest
                continue
        m = _ADMIN_PEEL.match(s)
        if not m:
            break
        end = m.end()
        while end < len(s) - 1 and s[end] in "区县市旗":  # 凉州|区: the ending belongs to the name
            end += 1
        rest = s[end:]
        if not _still_a_name(rest, suffix, divisions):
            break
        units.append(s[:end])
        s = rest
    return tuple(units), s


_GOV_BETWEEN = re.compile(r"^(?:人民政府|政府)")


def _still_a_name(rest: str, suffix: str, divisions) -> bool:
    """After peeling, the rest is empty, a township the list knows, or a plausible name
    (>= 2 characters, not a bare suffix)."""
    if not rest or divisions.township_name(rest + suffix):
        return True  # nothing left, or a township the list knows (佳县螅 + 镇, 定远县 + 仓镇)
    core = _TOWN_SUFFIX.sub("", rest)
    if len(rest) < 2 or not core or (len(rest) <= 2 and _TOWN_SUFFIX.fullmatch(rest[-1:])):
        return False
    return not _TOWN_SUFFIX.fullmatch(rest)


def _street_office_ends_at(text: str, pos: int) -> bool:
    """Whether the 2–8 characters before pos + 街道 name a 街道 of the division list."""
    divisions = load_divisions()
    return any(divisions.township_name(text[pos - size:pos] + "街道") for size in range(2, min(pos, 8) + 1))


@lru_cache(maxsize=8192)
def _town_name(ctx: str, suffix: str) -> tuple[str | None, tuple[str, ...]]:
    """(town name, admin units before it) from the (stop-cut) left context of a suffix.  A name
    the division list knows is taken even when it looks odd (东直门街道, 辉苏木, 螅镇)."""
    units, core = _peel(ctx, suffix)
    written = "街道" if suffix in ("街道办事处", "街") else suffix
    listed = _listed_tail(ctx, written)
    if listed is not None and len(core) < len(ctx) - listed:
        # the peel cut into a listed name (号陈州|街回族: 陈州街回族街道 is a township)
        before_units, before_rest = _peel(ctx[:listed])
        units, core = (before_units if not before_rest else ()), ctx[listed:]
    while len(core) < 2 and units and not (_known_town(core + written) or _listed_under(core + written, units[-1])):
        core = units[-1] + core  # 新市镇: the '市' belongs to the town's own name
        units = units[:-1]
    name = core + written
    if _known_town(name) or (units and _listed_under(name, units[-1])):
        return name, units
    if suffix == "街":
        return None, units  # a short form only when the list knows the 街道
    if not (2 <= len(core) <= 6) or _BAD_CORE.search(core) or (suffix == "乡" and core.endswith("城")):
        return None, units
    return name, units


@lru_cache(maxsize=8192)
def _known_town(name: str) -> bool:
    """A township of the list, not a generic word the list happens to hold (街道, 城区街道, 新镇)."""
    core = next((name[: -len(end)] for end in _TOWN_ENDINGS if name.endswith(end)), name)
    if not core or core in _GENERIC_TOWN_CORES or (len(core) == 1 and core in _NOT_ONE_CHAR_COUNTY):
        return False
    return load_divisions().township_name(name) is not None


def _listed_tail(ctx: str, written: str) -> int | None:
    """Start of the longest tail of ctx that is, with the suffix, a township the list knows."""
    for start in range(max(0, len(ctx) - _LONGEST_TOWN), len(ctx)):
        if _known_town(ctx[start:] + written):
            return start
    return None


@lru_cache(maxsize=8192)
def _listed_under(name: str, county: str) -> bool:
    """The list has a township of this name in the county written before it (奈曼旗新镇,
    横山区城关街道): a name that would be a generic word alone is then the township's."""
    divisions = load_divisions()
    known = divisions.township_name(name)
    if not known:
        return False
    return (divisions.county_full_name(county) or county) in divisions.counties_of(known)


_GENERIC_BEFORE_SUFFIX = frozenset("城乡村集")
_GENERIC_TOWN_CORES = frozenset("城区 新区 城关 市区 县城 城镇 乡镇 集镇 村镇".split())


_TOWN_LOOKBACK = 28  # province + prefecture + county + township, the longest in the list


def _inside_county(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] lies inside a county name of the list that goes on past it (东乡区,
    东乡族自治县)."""
    if text[e:e + 1] not in ("区", "县", "市", "旗", "族"):
        return False
    divisions = load_divisions()
    lo = max(0, s - _LONGEST_ADMIN)
    for end in range(e + 1, min(len(text), e + 6) + 1):
        known = divisions.trailing_county(text[lo:end])
        if known and end - len(known) < s:
            return True
    return False


def _inside_longer_town(text: str, s: int, e: int) -> bool:
    """Whether the suffix at text[s:e] lies inside a township name the list knows that goes on
    past it (`陈州街回族街道`, `红旗街街道`, `江西街乡`, `连镇乡`)."""
    ahead = _TOWN_SUFFIX.search(text, e, e + 7)
    if not ahead:
        return False
    before = _left_context(text, s, 8)
    whole = before + text[s:ahead.end()]
    return any(_known_town(whole[i:]) for i in range(len(before) + 1))


def _town_candidates(text: str, skip: list[tuple[int, int]]):
    divisions = load_divisions()
    support: Counter = Counter()
    first: dict[str, int] = {}
    chains: dict[str, Counter] = defaultdict(Counter)
    uncertain: list[tuple[str, float]] = []
    for m in _iter_window(_TOWN_SCAN, text):
        s, e = m.span()
        if any(a <= s < b for a, b in skip):
            continue
        suf = m.group(0)
        if suf == "街" and not _street_office_ends_at(text, s):
            continue  # most 街 are streets: look further only when the list knows such a 街道
        after = text[e:e + 4]
        if _TOWN_BAD_FOLLOW[suf].match(after):
            continue
        if suf in ("镇", "乡") and text[s - 1: s] in _GENERIC_BEFORE_SUFFIX and not any(
                _known_town(text[j:e]) for j in range(max(0, s - 6), s - 1)):
            continue  # 城镇化, 城镇居民, 乡镇企业, 村镇建设: the nouns 城镇/乡镇/村镇/集镇, not a township
        if suf in ("镇", "乡") and (divisions.leading_admin(text[s:s + _LONGEST_ADMIN]) or _inside_county(text, s, e)):
            continue  # 镇沅…自治县, 乡宁县, 东乡区: the character is part of a county's name
        if suf != "街道办事处" and _inside_longer_town(text, s, e):
            continue  # 陈州街回族街道, 红旗街街道, 景县连镇乡: the suffix is inside a longer listed name
        ctx, certain = _bounded(text, s, 12, suf)
        if not certain:  # a long county in front (关岭布依族苗族自治县百合街道) needs a wider look-back
            ctx, certain = _bounded(text, s, _TOWN_LOOKBACK, suf)
        if len(ctx) < 2 and not (ctx and _known_town(ctx + suf)):
            continue
        w = 2.0 if _FOLLOW_BONUS.match(after) else 1.0
        if not certain and suf != "街":
            uncertain.append((ctx + ("街道" if suf == "街道办事处" else suf), w))
            continue
        name, units = _town_name(ctx, suf)
        if not name:
            continue
        if units:
            w += 1.0
            chains[name][units[-1]] += 1
        support[name] += w
        first.setdefault(name, s)
    # an occurrence without a clear left edge supports the longest known name it ends with
    if uncertain and support:
        names = sorted(support, key=len, reverse=True)
        for s_, w in uncertain:
            for n in names:
                if s_.endswith(n):
                    support[n] += w * 0.5
                    break
    return support, first, chains
# the page's metadata names the organ that published the report (`发布机构: 参内乡`)
_PUBLISHER_KEYS = ("发布机构", "发布单位", "发文机关", "发文单位", "来源")
# matched right after a key (the look-behind keeps a search from retrying runs of spaces or pipes)
_PUBLISHER_VALUE = re.compile(f"(?<![ \t|])[ \t]*+[:|][ \t|]*([{C}]{{2,30}})")

_TOWN_ENDINGS = ("街道", "苏木", "镇", "乡")


def _town_core(name: str) -> str | None:
    """What precedes the township ending that closes name (one line, at least one character)."""
    for ending in _TOWN_ENDINGS:
        core = name[: -len(ending)]
        if name.endswith(ending) and core and "\n" not in core:
            return core
    return None


def _publisher_values(head: str):
    """`发布机构: X`, `信息来源:X` in the page metadata (found by str.find, then matched)."""
    for key in _PUBLISHER_KEYS:
        at = head.find(key)
        while at >= 0:
            m = _PUBLISHER_VALUE.match(head, at + len(key))
            if m:
                yield m
            at = head.find(key, at + len(key))


def _vote_for_publisher(text: str, support: Counter, first: dict[str, int], chains: dict[str, Counter]) -> None:
    """A township named as the page's publisher is the reporting unit unless the text says
    otherwise: its name weighs like three ordinary mentions (the metadata is the page's own
    statement, even where the body copies another town's text)."""
    for m in _publisher_values(text[:_HEAD_SCAN]):
        value = m.group(1)
        for _ in range(2):
            value = _GOV_TAIL.sub("", value)
        units, rest = _peel(value)
        rest = rest[:-3] if rest.endswith("街道办事处") else rest
        core = _town_core(rest)
        if core is None:
            continue
        # a name field, not a sentence: judged like a title (参内乡 keeps its 内)
        if _known_town(rest) or (2 <= len(core) <= 8 and not _BAD_TITLE_CORE.search(core)):
            support[rest] += 3.0
            first.setdefault(rest, m.start(1))
            if units:
                chains[rest][units[-1]] += 1


def _pick_town(support: Counter, first: dict[str, int]) -> str | None:
    if not support:
        return None
    # a name also supports every shorter name it ends with ("伊敏河镇" supports "敏河镇")
    agg: Counter = Counter()
    for name, w in support.items():
        for i in range(max(1, len(name) - 2)):  # suffixes of 3+ characters, or the name itself
            suffix = name[i:]
            if suffix in support:
                agg[suffix] += w
    best = max(agg, key=lambda n: (agg[n], len(n), -first[n]))
    # prefer the longest extension that keeps most of the support
    ext = [n for n in support if n != best and n.endswith(best) and agg[n] >= 0.6 * agg[best]]
    if ext:
        best = max(ext, key=len)
    return best


# --- title --------------------------------------------------------------------------------
_META_TITLE_KEY = re.compile(r"(?:标\s*题|名\s*称|文\s*件\s*名\s*称)\s*[:|]")
_TITLE_LINE = re.compile(r"(?:报\s*告|年\s*报|报\s*告\s*单)\s*[)》]?\s*$")
_INLINE_TITLE = re.compile(
    f"((?:19|20)\\d\\d)\\s*年\\s*度?\\s*(?:政府|人民政府)?\\s*(?:政府信息公开|政务公开|信息公开)"
    f"[{C}]{{0,8}}?(?:年度报告|工作报告|报告|年报)")
_UNITISH_END = re.compile(f"[{C}](?:镇|乡|苏木|街道|办事处|政府|县|区|市|旗|局)$")
_YEAR_START = re.compile(r"\A\s*(?:19|20)\d\d\s*年")  # matched on a line
_YEAR_IN = re.compile(r"(?:19|20)\d\d\s*年")
_TITLE_CUT = re.compile(r"关于|(?:19|20)\d\d|政务信息公开|政府信息公开|政务公开|信息公开|政府信息|政务信息")
_YEAR_PREFIX = re.compile(r"^\s*(?:19|20)\d\d\s*年\s*度?\s*")


def _meta_title(head: str) -> tuple[str, int] | None:
    """(value, offset) of the first `标题:`/`名称:`/`文件名称:` field that starts the text, a line
    or a table cell: its value is 6 to 80 characters up to the line or cell end, taking as few
    of the spaces (and the one '|') after the colon as that needs. (One regex did this before:
    searched from the start of the text, it retried every run of white space at each position.)"""
    m = _META_TITLE_KEY.search(head)
    while m:
        i = m.start()
        while i > 0 and head[i - 1].isspace() and head[i - 1] != "\n":
            i -= 1
        value_at = _meta_value_start(head, m.end()) if i == 0 or head[i - 1] in "\n|" else None
        if value_at is not None:
            run = value_at
            while run < len(head) and run - value_at < 80 and head[run] not in "\n|":
                run += 1
            return head[value_at:run], value_at
        m = _META_TITLE_KEY.search(head, m.start() + 1)  # a key may start inside this one ('文 件\n名称')
    return None


def _meta_value_start(text: str, pos: int) -> int | None:
    """Where `\\s*\\|?\\s*([^\\n|]{6,80})` matched at pos starts its group: the backtracking order
    tries starts from the last white space (after an optional '|') back to pos, so the first
    start, going back, that has six characters other than line end and '|' ahead."""
    end = pos
    while end < len(text) and text[end].isspace():
        end += 1
    if end < len(text) and text[end] == "|":
        end += 1
        while end < len(text) and text[end].isspace():
            end += 1
    run = 0
    while end + run < len(text) and run < 6 and text[end + run] not in "\n|":
        run += 1
    g = end
    while run < 6:
        if g == pos:
            return None
        g -= 1
        run = 0 if text[g] in "\n|" else run + 1
    return g


def _find_title(text: str) -> tuple[str | None, int, int]:
    head = text[:2500]
    meta = _meta_title(head)
    if meta and ("报告" in meta[0] or "年报" in meta[0]):
        t = meta[0].strip()
        return t, meta[1], meta[1] + len(t)
    pos = 0
    lines = []
    for line in head.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for i, (p, line) in enumerate(lines[:40]):
        st = line.strip(" |\t#")  # `# 标题`: a Markdown heading (OCR converters)
        if not st or len(st) > 70 or _CHROME_LINE.search(st) or st[0] in ">›»":
            continue  # a breadcrumb item ('> 信息公开年度报告') names the site's column, not the report
        if _TITLE_LINE.search(st) and ("公开" in st or "年" in st or "报 告" in st):
            if "根据" in st or "本报告" in st or "。" in st:
                continue
            start = p + line.find(st[:1])
            # a title wrapped over two lines: glue the previous short line when it lacks the report part
            for j in range(i - 1, max(-1, i - 3), -1):
                pp, prev = lines[j]
                ps = prev.strip(" |\t#")
                if not ps:
                    continue
                clean_prev = (len(ps) <= 30 and "。" not in ps and ":" not in ps
                              and not _TITLE_LINE.search(ps) and not _CHROME_LINE.search(ps))
                unit_then_year = bool(_UNITISH_END.search(ps)) and bool(_YEAR_START.match(st))
                year_then_rest = bool(_YEAR_IN.search(ps)) and not _YEAR_IN.search(st)
                if clean_prev and (unit_then_year or year_then_rest):
                    return ps + st, pp + prev.find(ps[:1]), p + len(line)
                break
            return st, start, start + len(st)
    for m in _INLINE_TITLE.finditer(head):
        lead = _left_context(head, m.start(), 24)
        if len(lead) < 2 or re.search(r"关于|通知|办法|条例|意见|规定|要点", lead + m.group(0)):
            continue
        cut, _ = _cut_stop_name(lead)
        start = m.start() - len(cut)
        return text[start:m.end()], start, m.end()
    return None, 0, 0


def _title_unit(title: str) -> tuple[str | None, list[str]]:
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^[《\"'【\[]+", "", t)
    t = _YEAR_PREFIX.sub("", re.sub(r"^关于", "", t))
    t = _TITLE_CUT.split(t, 1)[0]
    for _ in range(2):
        t = re.sub(r"\(机关\)$|(?:党政)?办公室$|党政办$", "", t)
        t = _GOV_TAIL.sub("", t)
    if len(t) < 2 or not re.fullmatch(f"[{C}]+", t):
        return None, []
    ctx, _ = _cut_stop_name(t)
    if len(ctx) < 2 and not _known_town(ctx):
        return None, []
    units, rest = _peel(ctx)
    if rest.endswith("街道办事处"):
        rest = rest[:-3]
    elif rest.endswith("街道办"):
        rest = rest[:-1]
    if not rest:
        # the unit is itself an admin area (平潭县, 平潭综合实验区)
        return (units[-1] if units else None), units[:-1]
    sm = _TOWN_SUFFIX.search(rest)
    if sm and sm.end() == len(rest):
        core = rest[:sm.start()]
        known = _known_town(rest) or bool(units and _listed_under(rest, units[-1]))
        if not known and (not (2 <= len(core) <= 8) or _BAD_TITLE_CORE.search(core)):
            return None, []
    if units and not _TOWN_SUFFIX.search(rest[-2:]) and _DEPT_END.search(rest):
        # a department keeps the name of the area it serves (平潭综合实验区地方税务局)
        return units[-1] + rest, units
    return rest, units


_DEPT_END = re.compile(r"(?:局|委员会|办公室|中心|院|所|处|站|队|厅|部|委|办)$")


_SELF_REFERENCE = re.compile(r"(?:我|本)(街道|苏木|镇|乡)(?![镇村])")


def _self_type(text: str) -> str | None:
    """The unit type the report speaks as (`我乡`, `本街道`), when it uses one type only."""
    kinds = {m.group(1) for m in _iter_window(_SELF_REFERENCE, text)}
    return kinds.pop() if len(kinds) == 1 else None


def _unit_type(name: str | None) -> str | None:
    if not name:
        return None
    if name.endswith("苏木"):
        return "苏木"
    if name.endswith("街道"):
        return "街道"
    if name.endswith("镇"):
        return "镇"
    if name.endswith("乡"):
        return "乡"
    return "other"


def _above_county(name: str) -> bool:
    """A department named after a province or prefecture (上海市人民政府办公厅) lies in no county."""
    divisions = load_divisions()
    lead = divisions.leading_admin(name)
    return bool(lead) and divisions.admin_level(lead) in ("province", "prefecture")


def _is_area(name: str) -> bool:
    return name.endswith(_COUNTY_LEVEL_END) or name.endswith(("实验区", "新区", "开发区"))


# --- county mentions ----------------------------------------------------------------------
_COUNTY_SUFFIX = re.compile(r"自治县|自治旗|县|旗|区|市|盟|州")


def _county_mentions(text: str, skip: list[tuple[int, int]], unit: str | None = None):
    """[(name, start, end, suffix)] of county-level names written in the text.  A county the
    division list says holds the unit's township counts wherever the text names it
    (`成山镇` … `荣成市以…为导向`); others need a follower that makes them a county."""
    out = []
    divisions = load_divisions()
    holding = _spellings_of_counties_holding(unit)
    holding_at = _ends_of(holding, text)
    for m in _iter_window(_COUNTY_SUFFIX, text):
        s, e = m.span()
        suf = m.group(0)
        if any(a <= s < b for a, b in skip):
            continue
        validated = e in holding_at
        after = text[e:e + 4]
        bad = _COUNTY_BAD_FOLLOW.get(suf[-1])
        if bad and bad.match(after) and not validated:
            continue
        # `鄂温克族自治旗旗政府`, `某县县委`: the level repeated before its government
        follow_at = e + 1 if text[e:e + 1] == suf[-1] else e
        follow_ok = (_COUNTY_FOLLOW.match(text, follow_at) is not None or bool(unit and text.startswith(unit[:2], e))
                     or (suf not in ("市", "州", "盟") and _located_in(text, s, suf)))
        if not follow_ok and not validated and suf not in ("市", "州", "盟"):
            continue
        if validated:  # the list puts the unit's township in the county written here (和县乌江镇)
            name = holding_at[e]
        else:
            ctx, certain = _bounded(text, s, 12, suf)
            if not certain:  # a long prefecture in front (德宏傣族景颇族自治州盈江县) needs a wider look-back
                ctx, certain = _bounded(text, s, _COUNTY_LOOKBACK, suf)
            if not ctx or not certain:
                continue
            name = _county_name(ctx, suf, divisions)
            if name is None:
                continue
        # a 市/州/盟 directly followed by another county-level name is a prefecture
        prefecture = False
        if suf in ("市", "州", "盟"):
            nm = re.match(f"[{C}]{{1,8}}?(?:自治县|自治旗|县|旗|区|市)", text[e:e + 10])
            if nm and not re.match(r"(?:人民|政府|委|级|直|属|辖)", text[e:e + 2]):
                prefecture = True
        if not prefecture and not follow_ok and name not in holding:
            continue  # a county is named with its government, a department, a township, a year …
        out.append((name, e - len(name), e, suf, prefecture))
    return out


def _county_name(ctx: str, suf: str, divisions) -> str | None:
    """The county-level name that ends with suf after the (stop-cut) left context ctx, or None.

    A name the division list knows is taken whole, and only it (衡阳市衡东县 -> 衡东县,
    形式主要有兴县 -> 兴县).  A name it does not know is peeled of prefectures and provinces by its
    ending and kept only when the list knows a county-level unit of the same proper name (崇明县
    is 崇明区 since 2016, 昌都县 is 昌都市's): a phrase such as 依法治县 names no county."""
    known = divisions.trailing_county(ctx + suf)
    if known:
        return None if _is_generic_area(known) or _GENERIC_SHORT.match(known) else known
    name_core = ctx
    while True:  # peel a prefecture/province in front (衡阳市衡东县)
        pm = _ADMIN_PEEL.match(name_core)
        if not pm or len(name_core) - pm.end() < 2:
            break
        name_core = name_core[pm.end():]
    if len(name_core) > 8 or not name_core:
        return None
    if suf == "市" and len(name_core) > 4:
        return None  # no city's name is that long (`形象生动地讲解市政府…`: 市政府 is the city government)
    if len(name_core) == 1 and (suf != "县" or name_core in _NOT_ONE_CHAR_COUNTY):
        return None  # 全县, 本县 …
    if _BAD_COUNTY_CORE.search(name_core) or _BAD_COUNTY_INNER.search(name_core, 1):
        return None
    name = name_core + suf
    if _is_generic_area(name) or _GENERIC_SHORT.match(name):
        return None
    if suf in ("盟", "州"):
        return name  # prefectures: they only tell that what follows is a county
    return name if _renamed_county(name_core, divisions) else None


_COUNTY_ENDINGS = ("县", "区", "市", "旗", "自治县", "自治旗")


def _renamed_county(core: str, divisions) -> bool:
    """The list knows a county-level unit of this proper name under some ending (崇明 -> 崇明区)."""
    return any(divisions.admin_level(core + end) for end in _COUNTY_ENDINGS)


def _county_like(name: str, divisions) -> bool:
    """A county the list knows, or the renamed form of one (崇明县); not a prefecture or province,
    not a phrase that merely ends like a county (田地区 of 和田地区, 依法治县)."""
    level = divisions.admin_level(name)
    if level:
        return level == "county"
    core = name
    for end in sorted(_COUNTY_ENDINGS, key=len, reverse=True):
        if name.endswith(end):
            core = name[: -len(end)]
            break
    return bool(core) and _renamed_county(core, divisions)


def _ends_of(names: frozenset[str], text: str) -> dict[int, str]:
    """End offset of every occurrence of the names in the text -> the longest name ending there."""
    ends: dict[int, str] = {}
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if len(name) > len(ends.get(end, "")):
                ends[end] = name
            pos = text.find(name, pos + 1)
    return ends


_MAX_HOLDING = 3


@lru_cache(maxsize=1024)
def _spellings_of_counties_holding(unit: str | None) -> frozenset[str]:
    """Full and short names of the counties the division list gives a township of this name."""
    if not unit:
        return frozenset()
    divisions = load_divisions()
    known = divisions.township_name(unit)
    counties = divisions.counties_of(known) if known else ()
    if not counties or len(counties) > _MAX_HOLDING:
        return frozenset()  # 城关镇 lies in 88 counties: its name vouches for none of them
    names = set()
    for county in counties:
        names.add(county)
        short = county_short_form(county)
        if short:
            names.add(short)
    return frozenset(names)


def _choose_county(text: str, unit: str | None, unit_type: str | None, units_chain: list[str],
                   chains: dict[str, Counter], mentions) -> str | None:
    """The county-level unit the text names for the unit: the one written right before the
    unit's name (…县大垅乡), else the best county-level name in the text.  The division list
    removes names that are only prefectures or provinces (威海市, 北京市) and, when it knows the
    township, puts the counties that hold it first; it never adds a name the text does not hold."""
    divisions = load_divisions()
    holding = _spellings_of_counties_holding(unit)

    def admissible(name: str) -> bool:
        return _county_like(name, divisions)

    chain_counts: Counter = Counter()
    if unit:
        for u in units_chain[-1:]:
            if u.endswith(_COUNTY_LEVEL_END):
                chain_counts[u] += 2
        chain_counts.update({k: v for k, v in chains.get(unit, {}).items() if k.endswith(_COUNTY_LEVEL_END)})
        # immediate prefixes in the text (…县大垅乡)
        needle = unit[:-1] if unit.endswith("街道") else unit
        for m in _iter_window(re.compile(re.escape(needle)), text):
            ctx, certain = _bounded(text, m.start(), 14, unit)
            if not certain:
                ctx, certain = _bounded(text, m.start(), _TOWN_LOOKBACK, unit)
            if not ctx or not certain:
                continue
            us, rest = _peel(ctx + unit)
            if us and rest == unit and us[-1].endswith(_COUNTY_LEVEL_END) and not _is_generic_area(us[-1]):
                chain_counts[us[-1]] += 1
    chain_counts = Counter({k: v for k, v in chain_counts.items() if admissible(k)})
    county = None
    if chain_counts and unit_type != "other":
        county = max(chain_counts, key=lambda k: (k in holding, chain_counts[k], len(k)))
    else:
        # departments and units without a prefix: the best county-level name in the text
        cands: Counter = Counter()
        for name, _s, _e, suf, pref in mentions:
            if pref or suf in ("盟", "州") or name == unit or not admissible(name):
                continue
            cands[name] += 1
        for u in units_chain[-1:]:
            if u.endswith(_COUNTY_LEVEL_END) and not _is_generic_area(u) and admissible(u):
                cands[u] += 1
        if cands:
            county = min(cands, key=lambda n: (n not in holding, _SUF_RANK.get(next(
                (sfx for sfx in ("自治县", "自治旗", "县", "旗", "区", "市") if n.endswith(sfx)), "市"), 3),
                -cands[n], -len(n)))
    return _fullest(_known_tail(county), mentions) if county else None


_COUNTY_LOOKBACK = 20
_LOCATED_WORDS = ("位于", "地处", "隶属", "属于")
_LANDSCAPE_BEFORE_QU = set("山新城市镇园社景片辖矿牧林库")


def _located_in(text: str, pos: int, suffix: str) -> bool:
    """`红星镇位于仁寿县东部`, `隶属于仁寿县`: a 县/旗/区 the unit lies in, whatever follows it.
    (A 市 there may be a prefecture: 地处赣州市南部 says nothing about the county; 位于丘陵山区,
    位于镇区 name landscapes.)"""
    if suffix == "区" and text[pos - 1: pos] in _LANDSCAPE_BEFORE_QU:
        return False
    before = text[max(0, pos - _COUNTY_LOOKBACK): pos]
    return any(w in before for w in _LOCATED_WORDS)


_NOT_ONE_CHAR_COUNTY = set("与及三四五六七八九十几数多全本该各我此每这其两一外内上下原新老省市区县旗乡镇村")
_BAD_COUNTY_INNER = re.compile(r"[全各本]")
_COUNTY_FOLLOW = re.compile(
    f"(?:人民政府|政府|委|党委|人大|政协|纪委|政务|门户|网站|政府网|官网|财政|地税|国税|地方税务|"
    f"[{C}]{{0,4}}?(?:局|委员会|办公室|办事处|中心)|[{C}]{{2,4}}?(?:镇|乡|街道|苏木)(?:人民政府|政府|党委|办事处|\\d)|(?<!\\s)\\s*+(?:19|20)\\d\\d\\s*年)")

_SUF_RANK = {"自治县": 0, "自治旗": 0, "县": 0, "旗": 0, "区": 1, "市": 2}


def _known_tail(name: str) -> str:
    """A name the list does not know that ends with one it knows of three or more characters
    (中共通江县, 和苍南县) is that one: what is in front belongs to the sentence."""
    divisions = load_divisions()
    if divisions.admin_level(name):
        return name
    tail = divisions.trailing_county(name)
    return tail if tail and len(tail) >= 3 else name


def _fullest(name: str, mentions) -> str:
    """The longest spelling of the same county in the text (鄂温克旗 -> 鄂温克族自治旗)."""
    best = name
    stem = name[:2]
    last = name[-1]
    for other, *_ in mentions:
        if len(other) > len(best) and other.startswith(stem) and other.endswith(last):
            best = other
    return best


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    """Navigation in the page's head: breadcrumbs, and lines that only list townships (a site's
    menu of its 乡镇: `乡镇导航：柏林乡　双河镇　小桥镇…`)."""
    spans = []
    for m in _CHROME_LINE.finditer(text[:3000]):
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        if le == -1 or le - ls > 400:
            le = min(len(text), m.end() + 120)
        spans.append((ls, le))
    pos = 0
    head = text[:3000]
    for line in head.split("\n"):
        if _is_name_list(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


_LIST_SEPARATORS = re.compile(r"[\s|、,，/·•]+")
_LIST_LABEL = re.compile("^[^:：]{0,12}[:：]")


def _is_name_list(line: str) -> bool:
    """A line of three or more township names and nothing else (a label before a colon aside)."""
    if len(line) < 8 or ("镇" not in line and "乡" not in line and "街" not in line and "苏木" not in line):
        return False
    items = [x for x in _LIST_SEPARATORS.split(_LIST_LABEL.sub("", line.strip())) if x]
    return len(items) >= 3 and all(x.endswith(_TOWN_ENDINGS) or x.endswith("办事处") for x in items)


# --- truncation ---------------------------------------------------------------------------
_END_OK = re.compile(r"(?:[。!?)\]》\"']|日|止|事项|附件下载|附件|打印|关闭|[.](?:pdf|docx?|xlsx?|wps)|年报)\s*[|\s]*$")
_SIGNATURE_LINE = re.compile(f"^[ \t]*[{C}]{{2,28}}(?:政府|办公室|管委会|委员会|办事处|镇|乡|街道|苏木|局)[ \t]*$")
_DATE_END = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\)?$")
# page furniture after the last section: `- 3 -`, `第3页 共5页`, `3/5`, a site footer
# (both matched on a whole line)
_PAGE_NUMBER_LINE = re.compile(
    r"\A[ \t]*(?:[-—–]+[ \t]*\d{1,4}[ \t]*[-—–]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*(?:[,/][ \t]*)?共[ \t]*\d{1,4}[ \t]*页)?"
    r"|共[ \t]*\d{1,4}[ \t]*页|\d{1,4}[ \t]*/[ \t]*\d{1,4}|[Pp]age[ \t]*\d{1,4}(?:[ \t]*of[ \t]*\d{1,4})?)[ \t]*")
_BARE_NUMBER_LINE = re.compile(r"\A[ \t]*\d{1,3}[ \t]*")
_FOOTER_LINE = re.compile(r"版权所有|Copyright|©|主办单位|主办:|承办:|ICP备|公网安备|网站标识码|技术支持|网站地图|联系我们"
                          r"|打印本页|关闭窗口|返回顶部")


def _ends_complete(tail: str) -> bool:
    last_line = tail[tail.rfind("\n") + 1:]
    return bool(_END_OK.search(tail[-40:]) or _SIGNATURE_LINE.match(last_line) or _DATE_END.search(tail[-40:]))


def _strip_page_furniture(tail: str) -> str:
    """The text without page numbers and site footers after its last line of content; a bare
    number counts as a page number only after a finished sentence (else it is a table cell)."""
    while tail:
        cut = tail.rfind("\n")
        last, before = tail[cut + 1:], tail[:max(cut, 0)].rstrip()
        if not (_PAGE_NUMBER_LINE.fullmatch(last) or _FOOTER_LINE.search(last)
                or (_BARE_NUMBER_LINE.fullmatch(last) and before and _ends_complete(before))):
            return tail
        tail = before
    return tail


def _is_truncated(text: str, template: str | None) -> tuple[bool, str]:
    """(whether the text ends mid-sentence or mid-table, its last line of content)."""
    tail = _strip_page_furniture(text.rstrip())
    if not tail or _ends_complete(tail):
        return False, tail
    ends_in_cells = bool(re.search(r"[\d|/]\s*$", tail[-8:]))
    return not ends_in_cells or template in ("form_2019", "form_2021"), tail


def read_header(text: str) -> Header:
    """The header of a clean text: the year first, because the form of a report whose tables
    were lost depends on it, then the template, then everything else."""
    year = find_report_year(text)
    template, form_version = detect_template(text, year[0])
    return extract_header(text, template, form_version, year)


def extract_header(text: str, template: str, form_version: str | None,
                   year_found: tuple[int | None, int, int]) -> Header:
    """Header fields of a text whose template and report year (`find_report_year`) are known."""
    header = Header(template=template, form_version=form_version)
    ev = header.evidence

    # year
    year, ys, ye = year_found
    if year is not None:
        header.report_year = year
        ev["report_year"] = Evidence(ys, ye, text[max(0, ys - 12):ye + 12])

    # title
    title, ts, te = _find_title(text)
    if title:
        header.title = re.sub(f"(?<=[{C}])\\s+(?=[{C}])", "", re.sub(r"\s+", " ", title)).strip()
        ev["title"] = Evidence(ts, te, text[ts:te])

    skip = _chrome_spans(text)

    # unit name
    unit = None
    units_chain: list[str] = []
    if title:
        unit, units_chain = _title_unit(title)
    support, first, chains = _town_candidates(text, skip)
    _vote_for_publisher(text, support, first, chains)
    town = _pick_town(support, first)
    if unit and not unit.endswith(_TOWN_ENDINGS) and not _is_area(unit) and not re.search(
            r"(?:局|委员会|办公室|中心|院|所|处|站|队|厅|部|委)$", unit):
        # a short form in the title (惠民街): the list's 街道 of that name, else complete it from the text
        longer = [n for n in support if n.startswith(unit) and len(n) <= len(unit) + 2]
        known = load_divisions().township_name(unit)
        if known and known.startswith(unit):
            unit = known
        else:
            unit = max(longer, key=lambda n: support[n]) if longer else (town or unit)
    if unit is None:
        unit = town
    elif town and unit != town and unit.endswith(town) and support.get(town, 0) >= 2 * support.get(unit, 0):
        unit = town
    elif town and _unit_type(unit) == "other" and _self_type(text) == _unit_type(town):
        # `我乡编制了龙潭区人民政府办公室…年度报告`: the report speaks as a 乡, so the title names
        # the office that published it, not the reporting unit
        unit = town
    if unit:
        header.unit_name = unit
        header.unit_type = _unit_type(unit)
        # where the name is written: in full, else the short form it was resolved from (白云街)
        written = unit if unit in text else unit.removesuffix("道")
        pos = text.find(written)
        if pos >= 0:
            ev["unit_name"] = Evidence(pos, pos + len(written), text[max(0, pos - 10):pos + len(written) + 10])
            ev["unit_type"] = ev["unit_name"]

    # county
    mentions = _county_mentions(text, skip, unit)
    county = None
    if not (unit and header.unit_type == "other" and (_is_area(unit) or _above_county(unit))):
        county = _choose_county(text, unit, header.unit_type, units_chain, chains, mentions)
    if county:
        header.county = county
        cpos = text.find(county)
        if cpos >= 0:
            ev["county"] = Evidence(cpos, cpos + len(county), text[max(0, cpos - 10):cpos + len(county) + 10])
    # prefecture / province when named in the chain before the county
    chain_all = list(units_chain)
    for u in chain_all:
        if u.endswith(("省", "自治区")) and header.province is None:
            header.province = u
        elif u.endswith(("州", "盟", "地区")) or (u.endswith("市") and county and u != county):
            header.prefecture = header.prefecture or u
    if header.prefecture is None and county:
        for name, _s, e, _suf, pref in mentions:
            if pref and text.startswith(county, e):
                header.prefecture = name
                break

    for field in ("prefecture", "province"):
        val = getattr(header, field)
        if val:
            pos = text.find(val)
            if pos >= 0:
                ev[field] = Evidence(pos, pos + len(val), text[max(0, pos - 10):pos + len(val) + 10])
    if template:
        span = template_evidence(text, template)
        if span:
            ev["template"] = Evidence(span[0], span[1], text[span[0]:span[1]])

    # publish date
    dates = _all_dates(text)

    def ok(d: dt.date) -> bool:
        return year is None or year <= d.year <= year + 5

    year_floor = year if year is not None else _YEAR_MIN

    sig = [x for x in _signature_dates(text, dates) if ok(x[2])]
    if sig:
        s, e, d = sig[-1]
        header.publish_date = d
        header.publish_date_source = "signature"
        ev["publish_date"] = Evidence(s, e, text[s:e])
    else:
        best = None
        for m in _iter_window(_META_DATE, text, 3000, 1500):
            prefix = _meta_key_before(text, m.start())
            if not prefix and m.start() > 0 and text[m.start() - 1] in "生成发布开新文":
                continue
            key = prefix + ("日期" if text[m.start()] == "日" else "时间")
            d, dm = _meta_date_value(text, m.end())
            # a date the page names as its publication (发布/公开/成文…) is taken however late it
            # came (late publication is a finding); a bare 日期/时间 must lie near the report year
            if not d or not (ok(d) or (prefix and prefix not in ("更新", "生成") and d.year >= year_floor)):
                continue
            rank = _META_PRIORITY.get(key, 9)
            if best is None or rank < best[0]:
                best = (rank, key, m.start(), dm.end(), d)
        if best:
            _, key, s, e, d = best
            header.publish_date = d
            header.publish_date_source = key
            ev["publish_date"] = Evidence(s, e, text[s:e])

    # truncation
    header.is_truncated, tail = _is_truncated(text, template)
    if header.is_truncated:
        ev["is_truncated"] = Evidence(max(0, len(tail) - 20), len(tail), tail[-20:])
    return header
