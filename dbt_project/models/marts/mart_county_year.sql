-- One row per county, report year and measure: the sum over the county's township reports
-- (the chosen report of each township-year) with how many townships stated it and reported at
-- all, beside the county government's own report. The two are never added together: a county
-- report may cover only its own office or the whole county. Incremental by county
-- (macros/incremental_by_group.sql).
{{ incremental_by_group('county', row_key='county_key') }}
with townships as (

    select
        u.county_key,
        y.report_year,
        y.report_id
    from {{ ref('int_unit_year_reports') }} as y
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where
        y.is_chosen and u.unit_level = 'township' and u.county_key is not null
        and u.county_key in ({{ groups_to_rebuild('county') }})

),

county_reports as (

    select
        u.county_key,
        y.report_year,
        y.report_id
    from {{ ref('int_unit_year_reports') }} as y
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where
        y.is_chosen and u.unit_level = 'county' and u.resolution_status = 'resolved'
        and u.county_key in ({{ groups_to_rebuild('county') }})

),

township_counts as (

    select
        county_key,
        report_year,
        count(*) as townships_reporting
    from townships
    group by all

),

township_sums as (

    select
        t.county_key,
        t.report_year,
        v.measure_key,
        sum(v.value) as township_sum,
        count(v.value) as townships_stating
    from townships as t
    inner join {{ ref('int_report_values') }} as v using (report_id)
    group by all

),

county_values as (

    select
        c.county_key,
        c.report_year,
        c.report_id as county_report_id,
        v.measure_key,
        v.value as county_report_value
    from county_reports as c
    inner join {{ ref('int_report_values') }} as v using (report_id)

),

combined as (

    select
        coalesce(s.county_key, c.county_key) as county_key,
        coalesce(s.report_year, c.report_year) as report_year,
        coalesce(s.measure_key, c.measure_key) as measure_key,
        s.township_sum,
        coalesce(s.townships_stating, 0) as townships_stating,
        c.county_report_id,
        c.county_report_value
    from township_sums as s
    full outer join county_values as c using (county_key, report_year, measure_key)

)

select
    x.county_key,
    d.county,
    d.prefecture,
    d.province,
    x.report_year,
    x.measure_key,
    m.name_zh,
    m.name_en,
    m.value_kind,
    x.township_sum,
    x.townships_stating,
    coalesce(n.townships_reporting, 0) as townships_reporting,
    d.township_count as townships_listed,
    x.county_report_id,
    x.county_report_value
from combined as x
inner join {{ ref('dim_county') }} as d using (county_key)
inner join {{ ref('dim_measure') }} as m using (measure_key)
left join township_counts as n using (county_key, report_year)
where x.township_sum is not null or x.county_report_value is not null
