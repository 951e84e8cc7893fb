"""The division list: real codes, the county each township lies in, names that are ambiguous."""
from extract.divisions import load_divisions, township_type


def test_list_size_and_codes():
    d = load_divisions()
    assert len(d.counties) > 2900 and len(d.townships) > 40000
    assert all(len(t.code) == 9 and t.code.startswith(t.county.code) for t in d.townships)
    assert all(len(c.code) == 6 and c.code.startswith(c.province_code) for c in d.counties)


def test_a_township_knows_its_county_prefecture_and_province():
    (zhangyi,) = d_named("张义镇", "凉州区")
    assert (zhangyi.county.prefecture, zhangyi.county.province) == ("武威市", "甘肃省")
    # a Beijing district has no prefecture between it and the municipality
    (dzm,) = d_named("东直门街道", "东城区")
    assert dzm.county.prefecture is None and dzm.county.province == "北京市"


def test_bare_names_can_be_ambiguous():
    counties = {t.county.name for t in load_divisions().townships_named("临河镇")}
    assert {"灵武市", "泗阳县"} <= counties


def test_township_type_from_name():
    assert [township_type(n) for n in ("螅镇", "辉苏木", "城关乡", "佳荣里街道", "某某街道办事处", "国营林场")] == \
        ["镇", "苏木", "乡", "街道", "街道", "other"]


def d_named(name: str, county: str):
    return [t for t in load_divisions().townships_named(name) if t.county.name == county]
