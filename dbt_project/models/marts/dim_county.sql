-- One row per county-level unit: every one of the division list, plus each county a report
-- names that the list does not have (kept, never dropped). Reports are counted per county; where
-- they name it differently, the least value is kept (never an arbitrary pick).
with reported as (

    select
        county_key,
        count(distinct unit_key) as reporting_units,
        count(*) as report_count,
        string_agg(distinct county_stated, ' / ' order by county_stated) as names_stated,
        min(county_stated) as any_name_stated,
        min(prefecture) as any_prefecture,
        min(province) as any_province
    from {{ ref('int_report_units') }}
    where county_key is not null
    group by county_key

),

listed as (

    select
        code as county_key,
        code as county_code,
        name as county,
        prefecture_code,
        prefecture,
        province_code,
        province,
        true as in_list
    from {{ ref('stg_reference__divisions') }}
    where level = 'county'

),

townships as (

    select
        county_code,
        count(*) as township_count
    from {{ ref('stg_reference__divisions') }}
    where level = 'township'
    group by county_code

)

select
    coalesce(l.county_key, r.county_key) as county_key,
    l.county_code,
    coalesce(l.county, r.any_name_stated) as county,
    l.prefecture_code,
    coalesce(l.prefecture, r.any_prefecture) as prefecture,
    l.province_code,
    coalesce(l.province, r.any_province) as province,
    coalesce(l.in_list, false) as in_list,
    t.township_count,
    r.names_stated,
    coalesce(r.reporting_units, 0) as reporting_units,
    coalesce(r.report_count, 0) as report_count
from listed as l
full outer join reported as r using (county_key)
left join townships as t on l.county_code = t.county_code
