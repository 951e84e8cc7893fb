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


# --- resolving a report's unit ------------------------------------------------------------------
def resolve(*args, **kwargs):
    from extract.divisions import resolve_unit
    return resolve_unit(load_divisions(), *args, **kwargs)


def test_stems_drop_type_and_ethnic_designation():
    from extract.divisions import county_stem, township_stem
    assert county_stem("鄂温克族自治旗") == county_stem("鄂温克旗") == "鄂温克"
    assert county_stem("管城回族区") == county_stem("管城区") == "管城"
    assert county_stem("双江拉祜族佤族布朗族傣族自治县") == "双江"
    assert county_stem("巴里坤哈萨克自治县") == county_stem("巴里坤县") == "巴里坤"
    assert county_stem("崇明县") == county_stem("崇明区")
    assert township_stem("佳荣里街道") == township_stem("佳荣里街") == "佳荣里"
    assert township_stem("城关乡") == township_stem("城关镇") != township_stem("城关街道办事处x")


def test_the_texts_county_picks_one_of_several_namesakes():
    r = resolve("临河镇", "镇", "灵武市")
    assert (r.status, r.method, r.township.county.name, r.candidates) == ("resolved", "exact_in_county", "灵武市", 2)
    assert resolve("临河镇", "镇").status == "ambiguous"


def test_a_unique_national_match_resolves_without_a_county():
    r = resolve("伊敏苏木", "苏木")
    assert (r.status, r.method, r.county.name) == ("resolved", "unique_in_country", "鄂温克族自治旗")


def test_short_and_historical_names_resolve_by_stem_and_keep_the_stated_county_apart():
    r = resolve("伊敏河乡", "乡", "鄂温克旗")      # short county name, and a 乡 since made a 镇
    assert (r.status, r.method, r.township.name, r.county.name) == ("resolved", "stem_in_county", "伊敏河镇", "鄂温克族自治旗")
    assert "鄂温克旗" in r.note
    r = resolve("长兴镇", "镇", "崇明县")          # 崇明县 became 崇明区 (2016)
    assert (r.status, r.county.name) == ("resolved", "崇明区")
    r = resolve("佳荣里街")                        # 街 for 街道, no type, no county
    assert (r.level, r.status, r.township.name) == ("township", "resolved", "佳荣里街道")


def test_a_unit_missing_from_its_county_stays_reportable_with_its_county():
    r = resolve("不存在镇", "镇", "灵武市")
    assert (r.status, r.township, r.county.name) == ("not_in_list", None, "灵武市")
    assert resolve("不存在镇", "镇").status == "not_in_list"


def test_county_level_units_and_departments():
    assert resolve("朝阳区", "other").status == "ambiguous"
    r = resolve("朝阳区", "other", province="北京市")
    assert (r.level, r.status, r.county.code[:2]) == ("county", "resolved", "11")
    r = resolve("鄂温克族自治旗财政局", "other")
    assert (r.level, r.status, r.county.name) == ("department", "not_in_list", "鄂温克族自治旗")
    assert resolve("某某综合实验区", "other").level == "county"
    # a prefecture-level city is not its namesake district (淮安市 vs 淮安区)
    r = resolve("淮安市", "other")
    assert (r.level, r.status, r.county) == ("prefecture", "not_in_list", None)
    assert resolve("某某镇", "镇", "淮安市").county is None
    # a prefecture written where the county goes narrows a namesake to that prefecture
    r = resolve("临河镇", "镇", "宿迁市")
    assert (r.status, r.county.name) == ("resolved", "泗阳县")
    assert resolve(None).status == "not_in_list"
