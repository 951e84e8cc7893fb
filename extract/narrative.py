"""Numbers stated in sentences, mapped onto the conformed vocabulary.

A count is anchored on `<number><unit>` (`1,234条`, `1.2万条`, `一百二十条`, `百余条`; also a
unit-less `…数量为0`) and classified by the words right before it in its clause (or right after
it, for `收到1份…申请`; or the label before a colon, `行政复议:0件`); vague quantities
(`数十条`, `上百条`) are not counts. Negative statements (`未收到…申请`, `未发生…行政复议、行政诉讼`,
`…行政诉讼的情况均未发生`, a heading answered by `无。`) give 0 with semantic ZERO. Only finished
clauses count: in a text cut off mid-sentence the unfinished clause says nothing yet
(`…未发生因政府信息公开申`). Counts over several years or part of one (历年, 截至目前, 近三年,
2016年至2020年, 上半年) are not the year's.

The published total is chosen among all candidate counts: the strongest wording (主动公开 >
公开/公布政府信息 > 发布信息) wins, the earliest among equals; parts (categories, sub-units,
其中…, secondary channels) never are the headline — except `其中主动公开N条` under a total
that mixes 主动公开 and 依申请公开, which is the 主动公开 total.

Patterns accept full- and half-width punctuation: the text may or may not be NFKC-normalised.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extract.model import NUMERIC, ZERO, Header, NarrativeFact, Section
from extract.numbers import chinese_to_int

# --- sentences and clauses -----------------------------------------------------------------
_SENT_END = "。!?;！？；\n"
_SENT_TERMINATOR = re.compile(f"[{_SENT_END}]")
_CLAUSE_DELIMITERS = ",，:：;；"
_LEAD_MAX = 12
_PREFIX_MAX = 48  # the words that classify a count sit right before it
_SUFFIX_MAX = 24
_RELEVANT = re.compile(r"公开|公布|发布|发表|推送|刊发|刊登|上传|申请|复议|诉讼|规范性文件|结转|办结|答复|类|公文")
_DIGIT = re.compile(r"\d")
# A legacy statistics table runs to the end of the report; its labels are not sentences.
_LEGACY_TABLE_HEADER = re.compile(r"统\s*计\s*指\s*标|指\s*标\s*名\s*称")

# --- numbers -------------------------------------------------------------------------------
_CN_NUM = "零〇○一二两三四五六七八九十百千"
# One character class first: Python's re has no fast skip for an optional leading group. A count
# starts where its run of numerals starts (a start inside the run, or at a thousands group the
# number before it already took in, cannot match where the run's start did not): the look-arounds
# after the first numeral say so (without them every numeral of a long run was tried again as a
# start, in time quadratic in the run; before it, they would cost the fast skip).
_COUNT = re.compile(
    rf"(?P<num>[\d{_CN_NUM}](?<![\d{_CN_NUM}].)(?!(?<=\d,\d)\d\d(?![\d{_CN_NUM}]))[\d{_CN_NUM}]*"
    rf"(?:(?<=\d),\d{{3}})*+(?:\.\d+)?万?)\s*(?:(?P<approx>余|多)\s*)?(?P<unit>[条件份起宗个例篇次])"
)
# `数十条`, `几百条`, `上百条`, `成千条`: a vague quantity, not a count
_VAGUE_BEFORE = "数几上成若"
# `申请数为0`, `情况为零`: a count stated without a unit, closing its clause
_UNITLESS_COUNT = re.compile(r"为\s*(?P<num>\d{1,4}|零)(?=\s*(?:[,，;；。!?！？\n]|$))")
_NEAR_BEFORE = ("近", "约")
_COUNTED_UNITS_PUB = {"条", "件", "篇"}

# --- publication (主动公开) -------------------------------------------------------------------
# prefix ends with: verb … object … (数量/为/达/共) before the number
# publishing verbs: 公开/公布/发布 and what sites write for posting (`通过各媒体发表`, `推送`); a compound
# verb ending in one of them (`共审发推送`, `共编辑发布`) counts as it
_VERBS = "主动公开|公开发布|公开|公布|发布|发表|推送|刊发|刊登|上传"
_PUB_OBJ_BEFORE = re.compile(
    rf"(?P<verb>{_VERBS})(?:的)?(?P<gap>(?:(?!{_VERBS})[^\s\d,，。;；:：、()（）]){{0,10}}?)"
    r"(?P<obj>政府信息|政务信息|信息|政府信|政务信)(?:\([^()]{1,16}\))?(?:的)?(?:数量|件数|条数|总数|总量|数)?"
    r"(?:共有|为|达到|达|近|约|共计|共|合计|总计|累计)*\s*$"
)
# `全镇政府信息公开566条`: the object as the subject, before its verb
_PUB_SUBJECT_VERB = re.compile(
    r"(?P<obj>政府信息|政务信息)(?P<verb>主动公开|公开|公布|发布)(?:的)?(?:数量|条数|总数|数)?"
    r"(?:共计|共|累计|为|达到|达)*\s*$"
)
# `全年共发布212条,其中…`: the year's total with the object left implicit
_PUB_VERB_ONLY = re.compile(
    r"(?:全年|本年度?|今年|年内|\d{4}\s*年度?)[,，]?(?:我[镇乡区县]|我街道|本单位|全[镇乡区县]|全街道)?"
    rf"(?:共计|共|累计)(?:[\u4e00-\u9fff]{{1,4}}?)?(?P<verb>{_VERBS})(?:了)?\s*$"
)
# `其中主动公开18件`: the verb alone
_PUB_NO_OBJ = re.compile(r"(?P<verb>主动公开)(?:数量|数|量)?(?:为|达到|达|共计|共)?\s*$")
# `公开2条信息`, `共发布77条信息`: the object after the number
_PUB_VERB_BEFORE_NUM = re.compile(rf"(?P<verb>{_VERBS})(?:了|的)?(?:共计|共|累计)?\s*$")
# `公开了财政预决算、重大项目、惠民政策等109条内容`: the items listed, then their count
_PUB_LISTED_BEFORE_NUM = re.compile(rf"(?P<verb>{_VERBS})(?:了)?[^,，。;；:：\d]{{2,40}}?等\s*$")
_LISTED_OBJ_AFTER = re.compile(r"^\s*(?:方面的?|领域的?)?(?:内容|信息|政府信息|政务信息)")
_PUB_YEAR_INCREMENT = re.compile(
    rf"(?:(?:19|20)\d\d\s*年度?|本年度?|当年|全年)(?:新增|新)(?P<verb>{_VERBS})(?:了)?(?P<obj>政府信息|政务信息|信息)?"
    r"(?:共计|共)?\s*$")
_OBJ_BEFORE_NUM = re.compile(r"(?P<obj>政府信息|政务信息)(?:共计|共|累计|达到|达|为)*\s*$")
_PUBLISHED_AFTERWARDS = re.compile(r"(?:向社会|向公众|对外|予以|进行|主动|及时)公开|公开发布")
_TOTAL_ONLY = re.compile(r"(?:共计|合计|总计)\s*$")
_RELEVANT_OTHER = re.compile(r"申请|复议|诉讼|文件|类|咨询|投诉|\d")
_PUB_CLAUSE_BEFORE = re.compile(
    r"(?P<verb>主动(?:地)?公开|公开|公布|发布)(?:了)?(?:各类|各项)?(?P<obj>政府信息|政务信息)\s*$"
)
_PUB_VERB_ONLY_AFTER_YEAR = re.compile(  # (fullmatched on a clause)
    rf"\A\s*(?:我[镇乡区县]|我街道|本单位|全[镇乡区县]|全街道)?(?:共计|共|累计)(?:[\u4e00-\u9fff]{{1,4}}?)?(?P<verb>{_VERBS})(?:了)?\s*")
# `发布14条主动公开政府信息`: the object after the number, 主动公开 naming its kind
_PUB_OBJ_AFTER = re.compile(r"^\s*(?:各类|各项)?(?P<active>主动公开(?:的)?)?(?P<obj>政府信息|政务信息|信息)(?!中)")
_GENERIC_GAP_WORDS = re.compile(r"各类|各项|全年|共计|累计|了|共|的|我区|我镇|我乡|我街道|我县|各级|单位")
_CATEGORY_GAP = re.compile(r"类|领域|项目|采购|专项|专栏")
_CHANNELS = (
    ("website", re.compile(r"网站|门户|互联网|网上")),
    ("wechat", re.compile(r"微信|公众号|公众平台")),
    ("weibo", re.compile(r"微博")),
    ("gazette", re.compile(r"公报")),
    ("other", re.compile(r"视频号|抖音|公示栏|公告栏|宣传栏|公开栏|新媒体|媒体|客户端|APP|头条|电视|广播|报刊|报纸|"
                         r"杂志|学习强国|显示屏|电子屏|LED|短信")),
)
_SEVERAL_CHANNELS = re.compile(r"等(?:多种|各类|多个)?(?:渠道|平台|方式|载体|途径|形式)")
# `通过各媒体发表…`, `通过多种渠道…`: every channel, none in particular
_ALL_CHANNELS = re.compile(r"(?:各|各类|各种|多种|多个|各级)(?:媒体|渠道|平台|载体|途径)")
_SUBUNIT = re.compile(r"各乡镇|各镇|各乡|各村|县直|区直|市直|各部门|各单位|各科室")
_NOT_THIS_YEAR = re.compile(
    r"历年|累计至今|截[至止](?:到)?(?:目前|今|现在)|到目前|目前为止|迄今|至今|(?:建站|开通|成立|运行)以来|\d{4}\s*年以来"
    # `自2008年…`, but not the year itself (`自2016年1月1日到12月31日累计…`)
    r"|(?:自|从)\s*\d{4}\s*年(?!\s*1\s*月\s*1\s*日\s*起?\s*(?:至|到|—|-|~)\s*(?:\d{4}\s*年\s*)?12\s*月\s*31\s*日)"
    # several years (`近三年`, `十三五期间`, `2016年至2020年`) or a part of one (`上半年`, `一季度`)
    r"|近年来|多年来|近[两三四五\d]年|[两三四五]年来|十[一二三四五]五|\d{4}\s*年?\s*(?:至|到|-|—|~)\s*\d{4}\s*年"
    r"|[上下]半年|第?[一二三四1-4]季度"
)
# `截至2020年底,累计发布…`, `截止20101231日,全乡累计…`: a running total up to a date, not the
# year's own count (unless the paragraph it closes is dated to the year)
_UNTIL_DATE = re.compile(r"截[至止](?:到)?\s*(?:\d{4}\s*年\s*(?:底|末|\d{1,2}\s*月)|\d{8}\s*日?)")
_CHANGE_WORDS = re.compile(r"增加|减少|增长|下降|同比|较上年|比上年|比去年|较去年|多于|少于")
_NOT_PUBLICATION_BEFORE = re.compile(r"(?:依申请|不予|申请|部分)$")  # 依申请公开 is not 主动公开
_OTHER_KIND_BEFORE = re.compile(r"其他(?:应)?$|其它(?:应)?$")
_DOCUMENT_TOTAL = re.compile(r"(?:印发|发布|制发)(?:了)?(?:各类)?(?:公文|文件)(?:共计|共)?\s*$")
_LIST_ITEM_START = re.compile(r"[、\d]")
_YEAR_SCOPE = re.compile(r"全年|本年|今年|年度|\d{4}\s*年|一年来|年内")
_QIZHONG_END = re.compile(r"其中[,，:：]?\s*$")
_CATEGORY_BEFORE = re.compile(r"类(?:的)?(?:信息)?(?:为|共)?\s*$")

# --- applications ----------------------------------------------------------------------------
_OFF_TOPIC = re.compile(r"复议|诉讼|投诉|咨询|信访|举报|审批|办件|回复|留言")
_OFF_TOPIC_SENTENCE = re.compile(r"投诉|咨询|信访|举报|审批|办件|收件|留言|热线")
_APP_RECEIVED = re.compile(
    r"(?:收到|受理|接收|接到|新收)(?P<span>[^,，;；。:：!?！？\n\d]{0,30}?)"
    r"(?:共计|共|总计|合计|总数|数量|数|为|达)*\s*$"
)
# not `主动公开和依申请公开政府信息共计N条`, a total of both
_APP_BY_REQUEST = re.compile(
    r"(?<![和及与、])依申请公开(?:的)?(?:政府信息|信息)?(?:共计|合计|总计|共)?(?:受理|收到)?(?:申请)?(?:数量|件数|数)?"
    r"(?:为|是)?\s*$"
)
_APP_VERB_BEFORE_NUM = re.compile(r"(?:收到|受理|接到|接收|新收)(?:了)?(?:共计|共)?\s*$")
_APP_OBJ_AFTER = re.compile(r"^(?P<span>[^,，;；。:：!?！？\n\d]{0,20}?)申请")
_DOCUMENT_TALLY = re.compile(r"发文|公文|文件")  # 共发文96件,其中…依申请公开0件 classifies documents
_APP_DISCLOSED = re.compile(r"(?:予以公开|同意公开|全部公开)(?:答复)?(?:数|的)?(?:为|共)?\s*$")
_APP_PROCESSED = re.compile(
    r"(?:答复总数|对(?:依)?申请(?:公开)?的?答复数|办理[^,，;；。:：!?！？\n\d]{0,15}?申请)(?:为|共)?\s*$"
)
_APP_COMPLETED = re.compile(r"办结(?:依申请公开|政府信息公开申请|申请)?(?:共)?\s*$")
# `(本年新收)政府信息公开申请数量为0`: the received count named by its label
_APP_COUNT_LABEL = re.compile(
    r"(?:本年(?:度)?新?收(?:到)?的?)?(?:政府)?信息公开申请(?:的)?(?:数量|件数|总数|总量|数)(?:共计|共|为|是)?\s*$"
)
_APP_LABEL = re.compile(r"(?:政府)?信息公开申请(?:情况)?\s*$")
_NOT_NEW_REQUESTS = re.compile(r"结转|上年|办理|办结|答复|处理|予以|不予")
# `上年结转0件` came in from last year (table 3 row 二), `结转下年度6件` goes out (row 四)
_APP_CARRIED_IN = re.compile(r"上一?年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:数量|数)?(?:共|为)?\s*$")
_APP_CARRIED = re.compile(r"结转(?:至|到)?(?:下一?年度?|\d{4}年度?)?(?:继续办理)?(?:共)?\s*$")
_CARRIED_AFTER = re.compile(r"^\s*结转")
_CARRIED_FROM_LAST_YEAR = re.compile(r"上一?年度?(?:的)?结转")
_LIST_CONTINUES = re.compile(r"^\s*(?:及|和|与|、)")

# --- reconsideration and litigation ----------------------------------------------------------
_PROC_KEYS = {"复议": "proc.reconsideration.total", "诉讼": "proc.litigation_all.total",
              "起诉": "proc.litigation_all.total"}  # `无…引发行政复议和起诉案件`
_PROC_BEFORE = re.compile(
    r"行政(?P<kw>复议|诉讼)(?:申请|案件|案)?(?:数量|总数|数)?(?:共计|共|为|达)?\s*$"
)
_PROC_BOTH_BEFORE = re.compile(
    r"行政(?P<kw1>复议|诉讼)(?:案件|案)?(?:和|、|及|与|或)(?:被)?(?:提起|申请)?行政(?P<kw2>复议|诉讼)(?:案件|案)?"
    r"(?:的)?(?:情况|数量|数)?(?P<each>均为|均|都为|皆为|各为|各|为)\s*$"
)
# `…被提起行政诉讼的情况均未发生`: the denial closes the clause
_DENIAL_CLOSING = re.compile(r"[未没不](?:发生|出现|存在|有发生|有出现)(?:过)?(?=\s*[,，;；。!?！？\n])")
_DENIED_THING_BEFORE = re.compile(r"(?:情况|案件|事件|事项|现象)(?:均|都|皆|也)?$")
# `四、因政府信息公开申请行政复议、提起行政诉讼的情况 无。`, `(三)依申请公开情况:无。`:
# a heading answered by a bare 无
_HEADING_ANSWERED_NONE = re.compile(
    r"(?P<head>(?:行政(?:复议|诉讼)|依申请公开|信息公开申请)[^\n。;；:：]{0,30}?(?:情况|事项|(?=\s*[:：])))[\s:：]*"
    r"(?:本年度|全年|今年|报告期内|(?:19|20)\d\d\s*年度?)?[,，]?\s*"
    r"(?:无|没有|暂无|未发生)(?:此类|相关|该类|上述)?(?:情况|案件|事项)?(?:发生)?\s*(?=[。;；\n])"
)
_OTHER_PROC_LISTED_BEFORE = re.compile(r"行政(?:复议|诉讼)(?:案件|案)?(?:和|、|及|与|或)(?:被)?(?:提起|申请)?$")
_PROC_VERB_BEFORE_NUM = re.compile(r"(?:收到|发生|有|受理|办理|出现|涉及)(?:了)?(?:共计|共)?\s*$")
_PROC_OBJ_AFTER = re.compile(r"^(?P<span>[^,，;；。:：!?！？\n\d]{0,20}?)行政(?P<kw>复议|诉讼)")
_PROC_OUTCOME_AFTER = re.compile(r"^(?:申请|案件|案)?(?:被|结果|败诉|纠错|维持|撤销|确认)")

# --- negative statements ---------------------------------------------------------------------
_NEGATION = r"(?:未|没有|无|尚未|暂无|均未|从未)(?!法|正当|论|需|偿|缝|误|纸|关|效|经)"
_NEG_APP = re.compile(
    _NEGATION + r"(?P<verb>收到|受理|接到|接收|发生|出现|有)?(?P<gap>[^,，;；。:：!?！？\n\d]{0,30}?)申请"
)
_RECEIVING = frozenset(("收到", "受理", "接到", "接收"))
_LIST_JOIN = re.compile(r"以及|[和及与、]")
# `不存在政府信息答复处理情况`: no reply at all, so nothing was disclosed either
_NEG_REPLY = re.compile(
    r"(?:不存在|没有|无|未有)(?:任何)?(?:政府信息|信息|依申请|公开|申请|的)*答复(?:处理)?(?:的)?(?:情况|事项)"
)
# The gap may not hold a second negation or table captions (`尚未审结总计未经复议`).
_NEG_PROC = re.compile(
    _NEGATION + r"(?:收到|发生|出现|接到|产生|有|受理)?(?P<gap>(?:(?!未|审结|总计|结果)[^,，;；。:：!?！？\n\d]){0,30}?)"
    r"(?:行政)?(?P<kw>复议|诉讼|起诉)"
)
_PROC_KW = re.compile(r"(?:行政)?(?P<kw>复议|诉讼|起诉)")
_PROC_CLAUSE_END = re.compile(r"[,，;；。:：!?！？\n]")
_PROCEEDING_WORD = re.compile(r"复议|诉讼|起诉")
# `未收到政府信息公开申请和行政复议`: the proceedings listed after the requests, not applied for
_LISTED_AFTER_REQUEST = re.compile(r"(?:的)?(?:情况|事项)?(?:和|及|以及|、|或|与)")
_NEXT_NEGATED_ITEM = re.compile(r"[、和及与]\s*(?:也)?(?:无|未|没有)")
# `未按时答复的申请`, `无申请逾期答复` deny something about some requests, not that requests were
# received; after an explicit `未收到…申请` what follows names the requests (`…申请办理事项`)
_NOT_ALL_REQUESTS = re.compile(r"按时|逾期|答复|处理|办理|补正|回复|收取|收费|费用")

# --- normative documents ---------------------------------------------------------------------
# `制发规范性文件3件`, or the document first and its counts as a list (`规范性文件发布数量0条、
# 废止数量0条及现行有效数量0条`: the 2021 form's three columns told in a sentence)
_NORMDOC_ISSUED = re.compile(r"(?:制发|印发|出台|制定)(?:的|了)?(?:行政)?规范性文件(?:共计|共)?\s*$"
                             r"|规范性文件(?:的)?(?:本年)?(?:发布|制发|印发|出台|制定)(?:数量|件数|数)(?:为|共|是)?\s*$")
_NORMDOC_IN_FORCE = re.compile(r"现行有效(?:的)?(?:行政)?规范性文件(?:共计|共)?\s*$"
                               r"|规范性文件[^,，。;；:：]{0,30}?现行有效(?:的)?(?:数量|件数|数)(?:为|共|是)?\s*$")
_NORMDOC_NOT_ISSUED = re.compile(r"历年|累计|现行有效|废止|清理")


@dataclass
class _Count:
    """One `<number><unit>` in a clause, with the clause text around it."""

    value: int
    start: int          # offsets of the number in the full text
    end: int
    unit: str
    approx: bool
    prefix: str         # clause text before the number
    suffix: str         # clause text after the unit
    clause: str
    sentence: str
    sent_start: int     # offset of the sentence in the full text
    lead: str           # the previous clause when it is a short adverbial (在互联网上,)
    previous_clause: str
    raw_sentence: str
    clause_start: int = 0
    source: str = field(default="", repr=False)  # the prose the count was read from
    report_year: int | None = None
    request_sections: tuple[tuple[int, int], ...] = ()

    # asked only by the rules that need them (most counts never get that far)
    def in_request_section(self) -> bool:
        """Inside the section on disclosure requests (依申请公开…)."""
        return any(a <= self.start < b for a, b in self.request_sections)

    def paragraph_year_scope(self) -> bool:
        """Its paragraph opens with the year (`2019年,…`)."""
        return _paragraph_opens_with_year(self.source, self.start)

    def other_year(self) -> bool:
        """Its clause dates it to a year that is not the report's."""
        if self.report_year is None:
            return False
        return _dated_to_other_year(self.source[self.clause_start:self.start], self.previous_clause, self.report_year)


@dataclass
class _PubCandidate:
    count: _Count
    strength: int       # 3 主动公开, 2 公开/公布 政府信息, 1 otherwise
    channel: str | None
    category: bool
    subunit: bool
    breakdown: bool
    mixed_total: bool = False  # `公开政府信息152条,其中主动公开150条,依申请公开2条`: both kinds


def extract_narrative(text: str, header: Header, sections: list[Section]) -> list[NarrativeFact]:
    """Facts stated in the report's sentences (see module docstring)."""
    prose = _narrative_part(text)
    sentences = _Sentences(prose)
    facts: list[NarrativeFact] = []
    pub_candidates: list[_PubCandidate] = []
    category_counts: list[_Count] = []
    document_totals: list[_Count] = []
    request_sections = tuple((s.start, s.end) for s in sections if s.key in _REQUEST_SECTIONS)
    for count in _counts(prose, sentences, request_sections, header.report_year):
        candidate = _publication_candidate(count, pub_candidates)
        if candidate is not None:
            pub_candidates.append(candidate)
        elif _is_category_count(count):
            category_counts.append(count)
        elif _DOCUMENT_TOTAL.search(count.prefix) and _YEAR_SCOPE.search(count.raw_sentence):
            document_totals.append(count)
        else:
            facts.extend(_other_count_facts(count))
    facts.extend(_negative_facts(prose, sentences))
    facts.extend(_publication_facts(pub_candidates, category_counts, document_totals))
    _rank(facts)
    return facts


# --- text walking --------------------------------------------------------------------------
def _narrative_part(text: str) -> str:
    """The text before a legacy statistics table (the table is not prose)."""
    m = _LEGACY_TABLE_HEADER.search(text)
    return text[: m.start()] if m else text


_CLOSED_DENIAL_END = re.compile(r"(?:案件|案例|情况|事项|事件|现象)\s*$")


class _Sentences:
    """Sentence bounds by offset. A sentence is complete when a terminator closes it; in the
    fragment the text was cut in, only clauses closed before the cut count
    (`…382条,包括政府网站35` keeps `…382条,`)."""

    def __init__(self, text: str):
        self.ends = [m.start() for m in _SENT_TERMINATOR.finditer(text)]
        self.length = len(text)
        last = self.ends[-1] + 1 if self.ends else 0
        cut = max(text.rfind(c) for c in _CLAUSE_DELIMITERS)
        self.complete_until = max(cut + 1, last)  # nothing at or after this offset counts

    def denials_until(self, text: str) -> int:
        """Where negative statements may be read: also the fragment the text was cut in when it
        ends on the noun that closes a denial (`…无…行政复议、诉讼案件` at the cut)."""
        if _CLOSED_DENIAL_END.search(text, self.complete_until):
            return len(text)
        return self.complete_until

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`; end excludes the terminator."""
        i = bisect.bisect_right(self.ends, pos)
        start = self.ends[i - 1] + 1 if i else 0
        if i < len(self.ends):
            return start, self.ends[i]
        # the fragment cut off: complete clauses end at the cut, a closed denial at the text's end
        return start, self.complete_until if pos < self.complete_until else self.length


def _count_matches(text: str, limit: int):
    """`<number><unit>` matches, and unit-less `为0` ones, in text order."""
    with_unit = list(_COUNT.finditer(text, 0, limit))
    unitless = list(_UNITLESS_COUNT.finditer(text, 0, limit)) if "为" in text else []
    if not unitless:
        return with_unit
    return sorted(with_unit + unitless, key=lambda m: m.start("num"))


_REQUEST_SECTIONS = ("applications", "s3")


def _counts(text: str, sentences: _Sentences, request_sections: tuple[tuple[int, int], ...] = (),
            report_year: int | None = None):
    for m in _count_matches(text, sentences.complete_until):
        unit = m.groupdict().get("unit") or ""
        at = m.start("num")
        window = text[max(0, at - _PREFIX_MAX): m.end() + _SUFFIX_MAX]
        if not _RELEVANT.search(window):
            continue  # cheap skip: no word any rule reads is near this count
        value = _to_int(m.group("num"))
        if value is None or _is_vague(m.group("num"), text[at - 1: at]):
            continue
        s_start, s_end = sentences.bounds(at)
        c_start = _last_delimiter(text, s_start, at) + 1
        c_end = _next_delimiter(text, m.end(), s_end)
        if c_end >= sentences.complete_until:
            continue  # the clause runs into the cut
        lead_start = _last_delimiter(text, s_start, c_start - 1) + 1 if c_start > s_start else c_start
        lead = text[lead_start: c_start - 1]
        raw_sentence = text[s_start: s_end + 1]
        prefix = text[max(c_start, at - _PREFIX_MAX): at]
        if not prefix.strip() and text[c_start - 1: c_start] == ":":
            prefix = lead[-_PREFIX_MAX:]  # `行政复议:0件`: the label before the colon classifies the count
        yield _Count(
            value=value,
            start=at,
            end=m.end("num"),
            unit=unit,
            approx=bool(m.groupdict().get("approx")) or text[at - 1: at] in _NEAR_BEFORE,
            prefix=prefix,
            suffix=text[m.end(): c_end],
            clause=text[c_start:c_end],
            sentence=raw_sentence.strip(),
            sent_start=s_start,
            lead=lead if len(lead) <= _LEAD_MAX and not _DIGIT.search(lead) else "",
            previous_clause=lead,
            raw_sentence=raw_sentence,
            clause_start=c_start,
            source=text,
            report_year=report_year,
            request_sections=request_sections,
        )


# matched at a line start, on that line (so its white space holds no line break)
_PARAGRAPH_YEAR = re.compile(r"(?<![^\n])[^\S\n]*+(?:(?:19|20)\d\d\s*年度?|全年|本年度?|今年)[,，]")
_YEAR_MENTION = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日?\s*(?:起|以来))")


def _paragraph_opens_with_year(text: str, pos: int) -> bool:
    """`2019年,…。通过政府网站公开各类信息61条`: the paragraph's opening dates what it says."""
    line_start = text.rfind("\n", 0, pos) + 1
    return _PARAGRAPH_YEAR.match(text, line_start, pos) is not None


def _dated_to_other_year(clause_before: str, lead: str, report_year: int | None) -> bool:
    """`2010年我镇…公开…24余条` in the 2009 report, `2015年,我镇…` in the 2016 one: the clause,
    or the year standing alone before it, dates the count to another year."""
    if report_year is None:
        return False
    years = _YEAR_MENTION.findall(clause_before) if "年" in clause_before else []
    if not years:
        m = _YEAR_LEAD.fullmatch(lead)
        years = [m.group("year")] if m and m.group("year") else []
    return bool(years) and int(years[-1]) != report_year


# a clause that only dates what follows: `2023年,`, `全年,`
_YEAR_LEAD = re.compile(r"\A\s*(?:(?P<year>(?:19|20)\d\d)\s*年度?|全年|本年度?|今年|年内)\s*")


def _is_vague(numeral: str, char_before: str) -> bool:
    """`数十条`, `几百条`, `上百条`: a Chinese numeral after 数/几/上… is no count."""
    return not numeral[0].isdigit() and char_before in _VAGUE_BEFORE


def _last_delimiter(text: str, lo: int, hi: int) -> int:
    """Offset of the last clause delimiter in text[lo:hi], or lo - 1."""
    return max([text.rfind(c, lo, hi) for c in _CLAUSE_DELIMITERS] + [lo - 1])


def _next_delimiter(text: str, lo: int, hi: int) -> int:
    found = [i for i in (text.find(c, lo, hi) for c in _CLAUSE_DELIMITERS) if i >= 0]
    return min(found) if found else hi


_WAN_AMOUNT = re.compile(r"\A\d++(?:\.\d+)?万")


def _to_int(token: str) -> int | None:
    """Arabic digits (`1,234`, `1.2万`) or a Chinese numeral (`百余` is 100); a run mixing
    both (`2十`) or a fraction without 万 (`3.5条`) is not a count."""
    token = token.replace(",", "")
    if token.endswith("万") and _WAN_AMOUNT.fullmatch(token):
        value = float(token[:-1]) * 10000
        return int(value) if value.is_integer() else None
    if token.isdigit():
        return int(token)
    if token[:1] in ("百", "千", "万"):
        token = "一" + token
    return chinese_to_int(token)


# --- publication ---------------------------------------------------------------------------
def _publication_candidate(count: _Count, earlier: list[_PubCandidate]) -> _PubCandidate | None:
    """A count of items published, or None when the clause is about something else."""
    if count.unit not in _COUNTED_UNITS_PUB:
        return None
    verb, obj, gap, verb_at = _publication_phrase(count)
    if verb is None:
        return None
    if _not_this_year(count):
        return None
    strength = 3 if verb == "主动公开" else (2 if obj in ("政府信息", "政务信息") and verb in ("公开", "公布") else 1)
    before_verb = _LIST_ITEM_START.split(count.prefix[:verb_at])[-1]  # this list item only
    if _NOT_PUBLICATION_BEFORE.search(before_verb):
        return None
    if strength < 3 and not _year_scoped(count):
        return None  # `…公开信息1654条` with no 全年/本年/2019年: a part of the work, not the year's total
    if _CHANGE_WORDS.search(count.clause):
        return None  # `比去年增加主动公开信息30条` is a change, not a total
    category = _is_category_gap(gap, obj) or bool(_OTHER_KIND_BEFORE.search(before_verb))
    parent = _total_it_follows(count, earlier)
    breakdown = parent is not None
    if parent and not category and _is_active_part_of_mixed_total(strength, parent, before_verb, count):
        parent.mixed_total = True
        breakdown = False
    return _PubCandidate(
        count=count, strength=strength, channel=_publication_channel(count, before_verb, verb_at),
        category=category, subunit=bool(_SUBUNIT.search(before_verb)), breakdown=breakdown,
    )


# an enumerated item of the work (`四是…`, `2、…`, `(三)…`) is a part, not the year's total
_ENUMERATED_ITEM = re.compile(r"\A\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|\d{1,2}\s*[、.](?!\d)|\(\s*[一二三四五六七八九十\d]{1,2}\s*\))")


# a sentence whose subject is the quantity published (`公开数量主要包含了…1860条信息`)
_TOTAL_SUBJECT = re.compile(r"\A\s*(?:(?:(?:政府|政务)?信息)?公开(?:的)?(?:数量|总数|总量)|(?:(?:政府|政务)?信息)(?:总数|总量))")


def _year_scoped(count: _Count) -> bool:
    """The sentence, or the paragraph it opens, says the count is the year's, or the sentence
    presents it as the quantity published."""
    if _YEAR_SCOPE.search(count.raw_sentence[: count.start - count.sent_start]):
        return True
    if _TOTAL_SUBJECT.match(count.raw_sentence):
        return True
    return count.paragraph_year_scope() and not _ENUMERATED_ITEM.match(count.raw_sentence)


def _publication_channel(count: _Count, before_verb: str, verb_at: int) -> str | None:
    if _ALL_CHANNELS.search(before_verb):
        return None
    if _SEVERAL_CHANNELS.search(before_verb):
        # `通过政府网站、新媒体、公开栏等渠道公开…`: every listed channel counts, the website first
        return _channel(count.prefix[:verb_at])
    return _channel(before_verb) or _channel(count.lead)


def _is_active_part_of_mixed_total(strength: int, parent: _PubCandidate, before_verb: str, count: _Count) -> bool:
    """`共公开政府信息152条,其中主动公开150条,依申请公开2条` (or `其中,主动公开150条`): the whole mixes
    both kinds, so the part worded 主动公开 right after 其中 is the 主动公开 total."""
    after_qizhong = bool(_QIZHONG_END.search(before_verb)) or (
        not before_verb.strip() and _QIZHONG_END.fullmatch(count.previous_clause.strip() + ","))
    return strength == 3 and parent.strength < 3 and after_qizhong


def _not_this_year(count: _Count) -> bool:
    """Cumulative over years (`历年累计`, `自2008年以来,累计…`, `截至2020年底,累计…`), a part of the
    year (`上半年`), or another year (`2010年我镇…` in the 2009 report), read in the clause and the
    one before."""
    if _NOT_THIS_YEAR.search(count.clause) or _NOT_THIS_YEAR.search(count.previous_clause):
        return True
    if "累计" in count.clause and (_UNTIL_DATE.search(count.clause) or _UNTIL_DATE.search(count.previous_clause)):
        return not count.paragraph_year_scope()  # `2024年,…。截至2024年12月31日,累计…301条` is the year's
    return count.other_year()


def _total_it_follows(count: _Count, earlier: list[_PubCandidate]) -> _PubCandidate | None:
    """`…共公布2599条,(其中…类信息25条,…其他…856条)`: the total stated earlier in the same
    sentence that this count is a part of (listed under 其中), if any."""
    for c in earlier:
        if c.count.sent_start == count.sent_start:
            between = count.raw_sentence[c.count.end - count.sent_start: count.start - count.sent_start]
            if "其中" in between:
                return c
    return None


def _publication_phrase(count: _Count) -> tuple[str | None, str | None, str, int]:
    """(verb, object, words between them, offset of the verb in the prefix)."""
    m = _PUB_OBJ_BEFORE.search(count.prefix)
    if m:
        return m.group("verb"), m.group("obj"), m.group("gap"), m.start()
    m = _PUB_NO_OBJ.search(count.prefix)
    if m:
        return m.group("verb"), None, "", m.start()
    m = _PUB_SUBJECT_VERB.search(count.prefix) if "信息" in count.prefix else None
    if m:
        return m.group("verb"), m.group("obj"), "", m.start()
    m = _PUB_VERB_BEFORE_NUM.search(count.prefix)
    if m:
        after = _PUB_OBJ_AFTER.match(count.suffix)
        if after:
            return ("主动公开" if after.group("active") else m.group("verb")), after.group("obj"), "", m.start()
    m = _PUB_LISTED_BEFORE_NUM.search(count.prefix) if "等" in count.prefix else None
    if m and _LISTED_OBJ_AFTER.match(count.suffix):
        return m.group("verb"), None, "", m.start()
    if count.unit == "条" and not count.suffix.strip() and ("共" in count.prefix or "累计" in count.prefix):
        m = _PUB_VERB_ONLY.search(count.prefix)
        if m is None and _YEAR_LEAD.fullmatch(count.previous_clause):
            m = _PUB_VERB_ONLY_AFTER_YEAR.fullmatch(count.prefix)  # `2023年,共发布128条`
        if m:
            return m.group("verb"), None, "", m.start("verb")
    # `其中2016年新增公开128条` (under a running total): the year's own increment
    m = _PUB_YEAR_INCREMENT.search(count.prefix) if "新" in count.prefix else None
    if m:
        return m.group("verb"), m.group("obj"), "", m.start("verb")
    # `全年共编发政务信息156条,通过…向社会公开`: the sentence says afterwards that they were published
    m = _OBJ_BEFORE_NUM.search(count.prefix) if "信息" in count.prefix else None
    if m and _PUBLISHED_AFTERWARDS.search(_next_clause(count)):
        return "发布", m.group("obj"), "", m.start()
    # `积极主动地公开了各类政府信息,具体包括…等方面的内容共计108条`: the verb closes the clause before
    if _TOTAL_ONLY.search(count.prefix) and not _RELEVANT_OTHER.search(count.prefix):
        m = _PUB_CLAUSE_BEFORE.search(count.previous_clause)
        if m:
            verb = "主动公开" if m.group("verb").startswith("主动") else m.group("verb")
            return verb, m.group("obj"), "", 0
    return None, None, "", 0


def _next_clause(count: _Count) -> str:
    """The rest of the count's clause and the clause after it, within the sentence."""
    rest = count.raw_sentence[count.end - count.sent_start:]
    first = _next_delimiter(rest, 0, len(rest))
    return rest[: _next_delimiter(rest, first + 1, len(rest))]


def _is_category_gap(gap: str, obj: str | None) -> bool:
    """`公开政府采购项目信息188条` counts one kind of information, not all of it."""
    rest = _GENERIC_GAP_WORDS.sub("", gap)
    if not rest:
        return False
    return obj == "信息" or bool(_CATEGORY_GAP.search(rest))


def _channel(before_verb: str) -> str | None:
    for name, pattern in _CHANNELS:
        if pattern.search(before_verb):
            return name
    return None


def _headline_eligible(c: _PubCandidate, candidates: list[_PubCandidate]) -> bool:
    """Presented as the unit's overall total: not a part (category, sub-unit, 其中…), not a
    secondary channel (微信/微博…) unless worded as 主动公开, and not one of several channels
    counted alike side by side in one sentence with no total (`网站主动公开…217条、公众号主动公开…
    308条`; a website's 主动公开 count next to a 公众号 that merely 发布 is the headline)."""
    if c.category or c.subunit or c.breakdown or c.mixed_total:
        return False
    if c.channel is not None and any(
            o is not c and o.channel is not None and o.count.sent_start == c.count.sent_start
            and not o.breakdown and o.strength >= c.strength for o in candidates):
        return False
    return c.strength == 3 or c.channel in (None, "website")


def _publication_facts(candidates: list[_PubCandidate], category_counts: list[_Count],
                       document_totals: list[_Count]) -> list[NarrativeFact]:
    """The headline total (rank 0), other totals (rank >= 1), channels, and — only when a
    total exists for them to break down — categories."""
    eligible = [c for c in candidates if _headline_eligible(c, candidates)]
    if not eligible:
        eligible = _documents_broken_into_information(document_totals, category_counts)
    facts: list[NarrativeFact] = []
    if eligible:
        headline = max(eligible, key=lambda c: c.strength)  # max keeps the earliest of equals
        ordered = [headline] + [c for c in eligible if c is not headline]
        for rank, c in enumerate(ordered):
            facts.append(_fact("pub.info_items.total", c.count, rank=rank))
    for c in candidates:
        if c.channel is not None and not c.category:
            facts.append(_fact(f"pub.info_items.by_channel.{c.channel}", c.count, rank=1))
    if eligible:
        categories = category_counts + [c.count for c in candidates if c.category]
        facts.extend(_fact("pub.info_items.by_category", count, rank=1, snippet=count.clause.strip())
                     for count in categories)
    return facts


def _documents_broken_into_information(document_totals: list[_Count],
                                       category_counts: list[_Count]) -> list[_PubCandidate]:
    """`全年共印发公文155件,其中,机构设置类信息33条;…其他类信息2条`: a count of documents is
    taken as the published total only when the information categories listed right after it,
    starting in the same sentence, add up to it exactly."""
    for total in document_totals:
        following = [c for c in category_counts if c.start > total.start]
        if not following or following[0].sent_start != total.sent_start:
            continue
        running = 0
        for c in following:
            running += c.value
            if running >= total.value:
                break
        if running == total.value:
            return [_PubCandidate(count=total, strength=1, channel=None, category=False,
                                  subunit=False, breakdown=False)]
    return []


def _is_category_count(count: _Count) -> bool:
    """`机构职能类信息594条`: one category of published items."""
    return count.unit in _COUNTED_UNITS_PUB and bool(_CATEGORY_BEFORE.search(count.prefix))


# --- applications, proceedings, normative documents -----------------------------------------
def _other_count_facts(count: _Count) -> list[NarrativeFact]:
    if _not_this_year(count):
        return []
    measure = _application_measure(count)
    if measure:
        return [_fact(measure, count)]
    measures = _proceeding_measures(count)
    if measures:
        return [_fact(m, count) for m in measures]
    measure = _normdoc_measure(count)
    return [_fact(measure, count)] if measure else []


def _application_measure(count: _Count) -> str | None:
    prefix, suffix = count.prefix, count.suffix
    m = _APP_RECEIVED.search(prefix)
    if m and _is_disclosure_request(m.group("span"), count.in_request_section()):
        return "app.new_received"
    if _APP_VERB_BEFORE_NUM.search(prefix):
        after = _APP_OBJ_AFTER.match(suffix)
        if after and _is_disclosure_request(after.group("span") + "申请", count.in_request_section()):
            return "app.new_received"
    if not _about_disclosure_requests(count.sentence):
        return None  # 办结/结转 of permits, complaints or service-centre cases
    if _APP_COMPLETED.search(prefix):
        return "app.completed"
    if _APP_PROCESSED.search(prefix):
        return "app.total_processed"
    if _APP_BY_REQUEST.search(prefix) and not _DOCUMENT_TALLY.search(count.sentence):
        return "app.new_received"
    if _APP_DISCLOSED.search(prefix) and not _LIST_CONTINUES.match(suffix):
        return "app.out.disclosed"
    if _APP_CARRIED_IN.search(prefix):
        return "app.carried_in"
    if _APP_CARRIED.search(prefix) or _CARRIED_AFTER.match(suffix):
        return "app.carried_out"
    if _APP_COUNT_LABEL.search(prefix) and not _NOT_NEW_REQUESTS.search(count.clause):
        return "app.new_received"
    if _after_colon_label(count) and _APP_LABEL.search(prefix) and not _NOT_NEW_REQUESTS.search(prefix):
        return "app.new_received"  # `政府信息公开申请:3件`: the label before the colon
    return None


def _after_colon_label(count: _Count) -> bool:
    """The count opens its clause right after a colon (`行政复议:0件`)."""
    at = count.clause_start
    return count.source[at - 1: at] in (":", "：") and not count.source[at: count.start].strip()


def _about_disclosure_requests(sentence: str) -> bool:
    return "申请" in sentence and not _OFF_TOPIC_SENTENCE.search(sentence)


def _is_disclosure_request(span: str, in_request_section: bool = False) -> bool:
    """An information-disclosure application (not a 复议 application, not a permit).  Inside the
    section on disclosure requests a bare `申请` is one (`三、依申请公开情况 … 共收到申请2件`)."""
    if "申请" not in span or _OFF_TOPIC.search(span):
        return False
    return "公开" in span or "信息" in span or (in_request_section and not _OTHER_REQUEST.search(span))


# requests of another kind that a request section may still mention
_OTHER_REQUEST = re.compile(r"许可|审批|补助|救助|低保|贷款|资金|项目|注册|登记|办理")


def _proceeding_measures(count: _Count) -> list[str]:
    """`行政复议和行政诉讼案件均为0件` states both; otherwise at most one proceeding."""
    m = _PROC_BOTH_BEFORE.search(count.prefix)
    if m and (m.group("each") != "为" or count.value == 0):  # `…诉讼为3`: 3 in all, split unknown
        return [_PROC_KEYS[m.group("kw1")], _PROC_KEYS[m.group("kw2")]]
    single = _proceeding_measure(count)
    return [single] if single else []


def _proceeding_measure(count: _Count) -> str | None:
    m = _PROC_BEFORE.search(count.prefix)
    if m:
        if _OTHER_PROC_LISTED_BEFORE.search(count.prefix, 0, m.start()):
            return None  # `行政复议、行政诉讼案件数为3件`: one count for both, split unknown
        return _PROC_KEYS[m.group("kw")]
    if _PROC_VERB_BEFORE_NUM.search(count.prefix):
        after = _PROC_OBJ_AFTER.match(count.suffix)
        if after and not _PROC_OUTCOME_AFTER.match(count.suffix[after.end():]):
            return _PROC_KEYS[after.group("kw")]
    return None


def _normdoc_measure(count: _Count) -> str | None:
    if _NORMDOC_IN_FORCE.search(count.prefix):
        return "pub.normdoc.in_force"
    if _NORMDOC_ISSUED.search(count.prefix) and not _NORMDOC_NOT_ISSUED.search(count.prefix):
        return "pub.normdoc.issued"
    return None


# --- negative statements ---------------------------------------------------------------------
def _negative_facts(text: str, sentences: _Sentences) -> list[NarrativeFact]:
    facts = []
    limit = sentences.complete_until
    limit = sentences.denials_until(text)
    for m in _NEG_APP.finditer(text, 0, limit):
        rest = text[m.end(): _clause_end(text, m.end(), limit)]
        rest = _NEXT_NEGATED_ITEM.split(rest, 1)[0]  # `无依申请公开、无行政复议`: items denied one by one
        scope = m.group("gap") + "申请" + rest
        if "结转" in m.group("gap"):
            # `无上年结转申请`: none came in from last year (not: none received this year)
            if _CARRIED_FROM_LAST_YEAR.search(m.group("gap")):
                facts.append(_zero_fact("app.carried_in", m, text, sentences))
            continue
        if _OFF_TOPIC.search(m.group("gap")) or _NOT_ALL_REQUESTS.search(m.group("gap")):
            continue
        # `未发生依申请和处理…`: only the item the requests are in can qualify them
        own = _LIST_JOIN.split(rest, 1)[0]
        if m.group("verb") not in _RECEIVING and _NOT_ALL_REQUESTS.search(own):
            continue
        if _PROCEEDING_WORD.search(rest) and not _LISTED_AFTER_REQUEST.match(rest):
            continue  # `未发生因政府信息公开申请(而提起)行政复议`: 申请 is the proceeding's
        if "公开" in scope or "信息" in scope:
            facts.append(_zero_fact("app.new_received", m, text, sentences))
    for m in _NEG_REPLY.finditer(text, 0, limit):
        facts.append(_zero_fact("app.total_processed", m, text, sentences))
        facts.append(_zero_fact("app.out.disclosed", m, text, sentences))
    facts.extend(_denials_closing_clause(text, sentences))
    facts.extend(_headings_answered_none(text, sentences))
    for m in _NEG_PROC.finditer(text, 0, limit):
        clause_rest = text[m.start("kw"): _clause_end(text, m.start("kw"), limit)]
        keywords = list(_PROC_KW.finditer(clause_rest))
        if any(_PROC_OUTCOME_AFTER.match(clause_rest[kw.end():]) for kw in keywords):
            continue  # `未发生…行政复议被纠错`: denies an outcome, not the proceedings
        for kw in keywords:
            facts.append(_zero_fact(_PROC_KEYS[kw.group("kw")], m, text, sentences))
    return _dedupe(facts)


def _denials_closing_clause(text: str, sentences: _Sentences) -> list[NarrativeFact]:
    """Zero proceedings when the denial follows them (`…行政复议…的情况均未发生`)."""
    facts = []
    for m in _DENIAL_CLOSING.finditer(text, 0, sentences.complete_until):
        if not _DENIED_THING_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue
        sentence_start = sentences.bounds(m.start())[0]
        clause_start = _last_delimiter(text, max(sentence_start, m.start() - 60), m.start()) + 1
        clause = text[clause_start: m.start()]
        if re.search(_NEGATION, clause):
            continue  # a denial before the proceedings is read by _NEG_PROC
        for kw in _PROC_KW.finditer(clause):
            facts.append(_zero_fact(_PROC_KEYS[kw.group("kw")], m, text, sentences))
    return facts


def _headings_answered_none(text: str, sentences: _Sentences) -> list[NarrativeFact]:
    """Zero when a heading naming the proceedings (or the requests) is answered by `无。`."""
    facts = []
    for m in _HEADING_ANSWERED_NONE.finditer(text, 0, sentences.complete_until):
        head = m.group("head")
        for kw in _PROC_KW.finditer(head):
            facts.append(_zero_fact(_PROC_KEYS[kw.group("kw")], m, text, sentences))
        if not _PROCEEDING_WORD.search(head) and not _NOT_ALL_REQUESTS.search(head):
            facts.append(_zero_fact("app.new_received", m, text, sentences))
    return facts


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _PROC_CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _dedupe(facts: list[NarrativeFact]) -> list[NarrativeFact]:
    """One zero per measure and sentence (`无行政复议、无行政诉讼` denies litigation twice)."""
    seen, out = set(), []
    for f in facts:
        key = (f.measure_key, f.snippet)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --- fact construction -----------------------------------------------------------------------
def _fact(measure: str, count: _Count, rank: int = 0, snippet: str | None = None) -> NarrativeFact:
    return NarrativeFact(
        measure_key=measure, value=float(count.value), start=count.start, end=count.end,
        snippet=snippet or count.sentence, semantic=ZERO if count.value == 0 else NUMERIC,
        unit=count.unit, is_approximate=count.approx, rank=rank,
    )


def _zero_fact(measure: str, m: re.Match, text: str, sentences: _Sentences) -> NarrativeFact:
    s_start, s_end = sentences.bounds(m.start())
    return NarrativeFact(
        measure_key=measure, value=0.0, start=m.start(), end=m.end(),
        snippet=text[s_start: s_end + 1].strip(), semantic=ZERO,
    )


def _rank(facts: list[NarrativeFact]) -> None:
    """Within a measure, the first statement in the text is the headline (rank 0); the
    published total keeps the rank chosen by `_publication_facts`."""
    facts.sort(key=lambda f: f.start)
    seen: dict[str, int] = {}
    for f in facts:
        if f.measure_key == "pub.info_items.total":
            continue
        f.rank = seen.get(f.measure_key, 0)
        seen[f.measure_key] = f.rank + 1
