"""Metamorphic name tests: a labelled real report with its township and county replaced by
another real (county, township) pair of the division list must give the new names.

Every labelled report whose labels give the unit (a 镇, 乡, 街道 or 苏木) and its county is a
seed.  A draw picks a seed, a class of names (rare characters, two-character names, names with
乡/镇/区/县/市 inside, common words, …), a township of that class with its county, prefecture and
province, and a style in which the text writes the first mention of the unit (the full chain
省/市/县/镇, county and township glued, the 人民政府/办事处 forms, the Tianjin short form `xx街`,
an autonomous county's short form, no county at all, or the page served with the county site's
navigation bar of its other townships, a breadcrumb and a footer).  Every other mention keeps the shape
the real text gave it (`湖口县大垅乡`, `大垅乡人民政府`, `吉林市人民政府昌邑区…`), with the new
names in it.  The expected header is the new township's name and type and the new county (None
when the style removed the county from the text).

Used by `tests/unit/test_metamorphic_names.py` (a seeded sample) and
`benchmarks/metamorphic_names.py` (thousands of draws, failures per class).
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from extract.divisions import County, Divisions, county_short_form, load_divisions, written_township_name
from extract.normalise import normalise

C = "\u4e00-\u9fff"
STYLES = ("plain", "chain", "glued", "gov", "short_street", "short_county", "no_county", "sibling_nav")
# Quasi-counties of the statistical list (开发区, 管理区 …) and generic districts (城区, 郊区, 矿区)
# are not names a report writes as its county: they are not drawn.
_NOT_A_COUNTY = re.compile(r"开发区|管理区|示范区|管委会|高新|经济|工业|园区|^(?:城区|郊区|矿区)$")
_CORE_SUFFIXES = ("街道", "苏木", "镇", "乡")


# zones the list files some townships under (高新区紫贞街道): not how the township is written
_ZONE_IN_NAME = re.compile(r"开发区|高新区|园区|新城|风景区|保护区|[（()）]")


def core_of(name: str) -> str:
    for suffix in _CORE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Seed:
    """A labelled real report usable for substitution (clean text, its unit and county)."""

    id: str
    text: str
    unit: str
    unit_type: str
    county: str
    county_alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Draw:
    seed_id: str
    name_class: str
    style: str
    township: str
    unit_type: str
    county: str | None          # expected county (None: the text no longer names one)
    county_spellings: tuple[str, ...]
    text: str


def _listed_county(divisions: Divisions, name: str) -> bool:
    """The list knows the county, or one of the same proper name (崇明县 is 崇明区 since 2016)."""
    if divisions.admin_level(name) == "county":
        return True
    core = name[:-1]
    return any(divisions.admin_level(core + end) == "county" for end in "县区市旗")


def seeds_from_labels(labels: list[dict], read_text) -> list[Seed]:
    """Seeds from label dicts; `read_text(label)` gives the report's decoded text.  A report whose
    county the list does not know (a zone such as 泉州台商投资区) is no seed: what its text calls
    the county cannot be substituted consistently."""
    divisions = load_divisions()
    out = []
    for label in labels:
        if label.get("unit_type") not in ("镇", "乡", "街道", "苏木") or not label.get("county"):
            continue
        if {"unit_name", "unit_type", "county"} & set(label.get("ambiguous", [])):
            continue
        if not _listed_county(divisions, label["county"]):
            continue
        clean = normalise(read_text(label))[0]
        if core_of(label["unit_name"]) not in clean or label["county"] not in clean:
            continue
        out.append(Seed(label["id"], clean, label["unit_name"], label["unit_type"], label["county"],
                        tuple(label.get("county_alternatives", []))))
    return out


@dataclass(frozen=True)
class Town:
    """A township of the list under the name reports write."""

    name: str
    type: str
    county: County


class NameClasses:
    """Towns of the division list grouped into the classes the draws are made from."""

    def __init__(self, divisions: Divisions, corpus_text: str = ""):
        self.divisions = divisions
        self.corpus_text = corpus_text

    @cached_property
    def townships(self) -> list[Town]:
        out = []
        for t in self.divisions.townships:
            name = written_township_name(t)
            if (t.type in ("镇", "乡", "街道", "苏木") and len(core_of(name)) >= 1 and name != "街道"
                    and not _ZONE_IN_NAME.search(name)
                    and not _NOT_A_COUNTY.search(t.county.name) and t.county.name != t.county.prefecture):
                out.append(Town(name, t.type, t.county))
        return out

    @cached_property
    def _char_freq(self) -> Counter:
        names = [t.name for t in self.divisions.townships] + [c.name for c in self.divisions.counties]
        return Counter(ch for name in names for ch in set(name))

    @cached_property
    def _corpus_words(self) -> Counter:
        """Two- and three-character strings of the real texts (a core found there is a word)."""
        text = self.corpus_text
        return Counter(text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1))

    def classes(self) -> dict[str, list[Town]]:
        ts = self.townships
        freq = self._char_freq
        words = self._corpus_words

        def is_word(t: Town) -> bool:
            core = core_of(t.name)
            # the core is written in the corpus far more often than the township itself
            return 2 <= len(core) <= 3 and words[core] >= 5 and words[core] >= 3 * max(1, words[t.name[:3]])

        classes = {
            "random": ts,
            "street": [t for t in ts if t.type == "街道"],
            "sumu": [t for t in ts if t.type == "苏木"],
            "rare_char": [t for t in ts if any(freq[ch] <= 2 for ch in t.name)],
            "two_char": [t for t in ts if len(t.name) == 2],
            "three_to_five_core": [t for t in ts if 3 <= len(core_of(t.name)) <= 5],
            "admin_char_inside": [t for t in ts if re.search("[乡镇区县市州旗街]", core_of(t.name))],
            "common_word": [t for t in ts if is_word(t)] if self.corpus_text else [],
            "ethnic": [t for t in ts if "族" in t.name],
            "autonomous_county": [t for t in ts if t.county.name.endswith(("自治县", "自治旗"))],
            "municipal_district": [t for t in ts if t.county.prefecture is None],
            "county_city": [t for t in ts if t.county.name.endswith("市") and t.county.prefecture],
            "two_char_county": [t for t in ts if len(t.county.name) == 2],
            "county_admin_char_inside": [t for t in ts if re.search("[市县区旗州]", t.county.name[:-1])],
            "same_name_elsewhere": [t for t in ts if len(self.divisions.counties_of(t.name)) > 3],
            "cross_type": ts,
        }
        return {k: v for k, v in classes.items() if v}


def _alternation(names) -> str:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    return "|".join(map(re.escape, names)) if names else "(?!)"


def _old_county(divisions: Divisions, seed: Seed) -> County | None:
    """The county the seed's township lies in, as the list has it (for its prefecture/province)."""
    candidates = divisions.counties_named(seed.county)
    holding = [c for c in candidates if any(t.name == seed.unit for t in divisions.townships_in(c.code))]
    pick = holding or candidates
    return pick[0] if len(pick) == 1 or holding else None


_SELF = re.compile(r"(?P<w>[我本全该])(?P<t>街道|苏木|镇|乡)(?![镇村])")
_BARE_ORGAN = re.compile(r"(?<![" + C + r"])(?P<t>街道|苏木|镇|乡)(?P<o>党委|党工委|政府|人民政府)")
_ORGANS = {"街道": ("党工委", "办事处"), "镇": ("党委", "人民政府"), "乡": ("党委", "人民政府"),
           "苏木": ("党委", "人民政府")}


def substitute(seed: Seed, town: Town, style: str, name_class: str,
               divisions: Divisions | None = None) -> Draw:
    """The seed's text with its unit and county replaced by `town` and its county (see module doc)."""
    divisions = divisions or load_divisions()
    old = _old_county(divisions, seed)
    new_county = town.county
    new_short = county_short_form(new_county.name)
    new_core, old_core = core_of(town.name), core_of(seed.unit)
    new_is_street = town.type == "街道"
    old_alts = [a for a in seed.county_alternatives if a and a != seed.county]
    old_pref = old.prefecture if old and old.prefecture != seed.county else None
    old_prov = old.province if old else None

    if seed.unit_type == "街道":
        unit_forms = f"{re.escape(old_core)}(?:街道办事处|街道办|街道|街(?!道))"
    elif seed.unit_type == "苏木":
        unit_forms = f"{re.escape(old_core)}苏木"
    else:
        unit_forms = re.escape(seed.unit)
    county_alt = _alternation([seed.county, *old_alts])
    chain = (
        f"(?P<prov>{_alternation([old_prov])})?"
        f"(?:(?P<pref>{_alternation([old_pref])})(?P<pgov>人民政府)?)?"
        f"(?:(?P<county>{county_alt})(?P<cgov>人民政府|政府)?)?"
        f"(?P<unit>{unit_forms})(?P<ugov>人民政府|政府|办事处)?"
    )
    pattern = re.compile(
        f"(?P<chain>{chain})|(?P<lone_county>{county_alt})"
        f"|(?P<lone_pref>{_alternation([old_pref])})|(?P<lone_prov>{_alternation([old_prov])})")

    def county_written(old_written: str | None) -> str:
        if style == "no_county":
            return ""
        if style == "short_county" and new_short:
            return new_short
        if old_written and old_written != seed.county and new_short:
            return new_short  # the text wrote the old county's short form
        return new_county.name

    def upper(had_prov: bool, had_pref: bool) -> str:
        prov, pref = new_county.province, new_county.prefecture
        if had_prov and had_pref:
            return prov + (pref or "")
        if had_pref:
            return pref or prov
        return prov if had_prov else ""

    def unit_written(old_unit: str, ugov: str | None) -> str:
        office = old_unit.endswith(("街道办事处", "街道办"))
        short = seed.unit_type == "街道" and old_unit.endswith("街") and not old_unit.endswith("街道")
        if new_is_street:
            if office:
                return new_core + ("街道办事处" if old_unit.endswith("事处") else "街道办")
            if short:
                return new_core + "街"
            return town.name
        if office and not ugov:
            return town.name + "人民政府"
        return town.name

    first = True

    def render(m: re.Match) -> str:
        nonlocal first
        if m.group("lone_county"):
            return county_written(m.group("lone_county"))
        if m.group("lone_pref"):
            return upper(False, True)
        if m.group("lone_prov"):
            return upper(True, False)
        ugov = m.group("ugov") or ""
        styled, first = first, False
        county = county_written(m.group("county")) if m.group("county") else ""
        cgov = m.group("cgov") or "" if county else ""
        head = upper(bool(m.group("prov")), bool(m.group("pref")))
        pgov = m.group("pgov") or ""
        unit = unit_written(m.group("unit"), ugov)
        if styled and style != "plain":
            if style == "chain":
                head, pgov, county, cgov = upper(True, True), "", county_written(None), ""
            elif style == "glued":
                county, cgov = county_written(None), ""
            elif style == "gov":
                county, cgov = county_written(None), "人民政府"
                if new_is_street:
                    unit, ugov = new_core + "街道办事处", ""
                elif not ugov:
                    ugov = "人民政府"
            elif style == "short_street" and new_is_street:
                unit = new_core + "街"
        if style == "no_county":
            county = cgov = ""
        return head + pgov + county + cgov + unit + ugov

    text = pattern.sub(render, seed.text)
    if name_class == "cross_type" and town.type != seed.unit_type:
        text = _retype(text, seed.unit_type, town.type)
    if style == "sibling_nav":
        text = _with_site_chrome(text, town, divisions)

    if style == "no_county":
        expected = None
        spellings: tuple[str, ...] = ()
    else:
        spellings = tuple(s for s in (new_county.name, new_short) if s)
        only_short = style == "short_county" and new_short and new_county.name not in text
        expected = new_short if only_short else new_county.name
    return Draw(seed.id, name_class, style, town.name, town.type, expected, spellings, text)


def _with_site_chrome(text: str, town: Town, divisions: Divisions) -> str:
    """The page as a county site serves it: a navigation bar listing the county's other
    townships, a breadcrumb, and a footer naming the county government."""
    siblings = [n for n in (written_township_name(t) for t in divisions.townships_in(town.county.code))
                if n != town.name and not _ZONE_IN_NAME.search(n)][:8]
    county = town.county.name
    head = (f"{county}人民政府门户网站\n乡镇导航：" + "　".join(siblings) + "\n"
            f"当前位置：首页 > 政务公开 > 乡镇信息公开 > {town.name} > 年度报告\n")
    foot = f"\n主办单位：{county}人民政府办公室　版权所有　网站标识码：0000000000\n"
    return head + text + foot


def _retype(text: str, old_type: str, new_type: str) -> str:
    """A report that speaks as a 镇 (`我镇`, `镇党委`) made to speak as the new type."""
    text = _SELF.sub(lambda m: m.group("w") + new_type if m.group("t") == old_type else m.group(0), text)
    party, gov = _ORGANS[new_type]

    def organ(m: re.Match) -> str:
        if m.group("t") != old_type:
            return m.group(0)
        return new_type + (party if "党" in m.group("o") else gov)
    return _BARE_ORGAN.sub(organ, text)


def compatible_styles(town: Town) -> list[str]:
    styles = ["plain", "chain", "glued", "gov", "no_county", "sibling_nav"]
    if town.type == "街道" and divisions_knows_short(town):
        styles.append("short_street")
    if county_short_form(town.county.name):
        styles.append("short_county")
    return styles


def divisions_knows_short(town: Town) -> bool:
    """The Tianjin short form `xx街` is only a name when no other unit is called `xx街`."""
    return not town.name.endswith("街街道")


def draws(seeds: list[Seed], n: int, seed: int = 0, corpus_text: str = "",
          classes: dict[str, list[Town]] | None = None):
    """n draws, classes taken in turn; deterministic for a given seed."""
    divisions = load_divisions()
    rng = random.Random(seed)
    classes = classes or NameClasses(divisions, corpus_text).classes()
    names = sorted(classes)
    by_type: dict[str, dict[str, list[Town]]] = {
        k: {t: [x for x in v if x.type == t] for t in ("镇", "乡", "街道", "苏木")} for k, v in classes.items()}
    for i in range(n):
        name_class = names[i % len(names)]
        for _attempt in range(50):
            s = rng.choice(seeds)
            if name_class == "cross_type":
                pool = [t for t in classes[name_class] if t.type != s.unit_type]
                town = rng.choice(pool)
            else:
                pool = by_type[name_class][s.unit_type]
                if not pool:
                    continue
                town = rng.choice(pool)
            if town.name == s.unit or town.county.name == s.county:
                continue
            style = rng.choice(compatible_styles(town))
            yield substitute(s, town, style, name_class, divisions)
            break
