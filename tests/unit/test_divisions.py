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


def test_short_forms_of_autonomous_counties():
    from extract.divisions import county_short_form
    assert county_short_form("鄂温克族自治旗") == "鄂温克旗"
    assert county_short_form("长阳土家族自治县") == "长阳县"
    assert county_short_form("积石山保安族东乡族撒拉族自治县") == "积石山县"
    assert county_short_form("巴里坤哈萨克自治县") == "巴里坤县"   # nationality written without 族
    assert county_short_form("三都水族自治县") == "三都县"
    assert county_short_form("凉州区") is None
    d = load_divisions()
    assert d.county_full_name("鄂温克旗") == "鄂温克族自治旗"
    assert d.county_full_name("莫力达瓦旗") == "莫力达瓦达斡尔族自治旗"
    assert d.county_full_name("凉州区") == "凉州区"
    assert d.county_full_name("不存在县") is None


def test_levels_separate_counties_from_prefectures_and_provinces():
    d = load_divisions()
    assert [d.admin_level(n) for n in ("荣成市", "威海市", "山东省", "北京市", "东城区", "某某县")] == \
        ["county", "prefecture", "province", "province", "county", None]
    # a prefecture without counties of its own holds its townships directly: it is a county here
    assert d.admin_level("东莞市") == "county"


def test_boundaries_from_known_names():
    d = load_divisions()
    assert d.leading_admin("凉州区张义镇") == "凉州区"            # not 凉州 + 区张义镇
    assert d.leading_admin("黑龙江省哈尔滨市道里区") == "黑龙江省"
    assert d.leading_admin("张义镇") is None
    assert d.trailing_county("中共通江县") == "通江县"
    assert d.trailing_county("以及苍南县") == "苍南县"
    assert d.trailing_county("没有县名") is None


def test_township_spellings_resolve_to_the_list_name():
    d = load_divisions()
    assert d.township_name("佳荣里街") == "佳荣里街道"            # Tianjin short form
    assert d.township_name("东直门街道办事处") == "东直门街道"
    assert d.township_name("螅镇") == "螅镇"                      # one rare character
    assert d.township_name("幸福美好镇") is None
    assert d.counties_of("张义镇") == {"凉州区"}
