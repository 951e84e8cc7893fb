-- For every county that appears in the input (a report resolves to it), each township the
-- division list gives it (and each township-level unit of it that reported but is not listed)
-- × each year from the county's first to its last report year: reported or missing, and per
-- county-year the share of listed townships that reported. Incremental by county
-- (macros/incremental_by_group.sql).
{{ incremental_by_group('county', row_key='county_key') }}
with county_years as (

    select
        county_key,
        unnest(generate_series(min(report_year), max(report_year))) as report_year
    from {{ ref('int_report_units') }}
    where
        county_code is not null and report_year is not null
        and county_key in ({{ groups_to_rebuild('county') }})
    group by county_key

),

townships as (

    select
        township_key,
        township_code,
        township,
        township_type,
        county_key,
        county,
        in_list
    from {{ ref('dim_township') }}
    where county_key in (select cy.county_key from county_years as cy)

),

reported as (

    select
        y.unit_key as township_key,
        y.report_year,
        count(*) as report_count,
        any_value(y.chosen_report_id) as report_id
    from {{ ref('int_unit_year_reports') }} as y
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where u.unit_level = 'township' and u.report_id in ({{ reports_to_rebuild() }})
    group by all

),

grid as (

    select
        t.county_key,
        t.township_key,
        t.township_code,
        t.township,
        t.township_type,
        t.in_list,
        c.report_year,
        r.report_id,
        coalesce(r.report_count, 0) as report_count,
        r.report_id is not null as is_reported
    from townships as t
    inner join county_years as c using (county_key)
    left join reported as r using (township_key, report_year)

),

-- per county-year counts by aggregate and join, not window functions: a window over the grid
-- holds every row and column of it (at 100,000 reports, beside another model, beyond dbt's 500 MB)
county_year_counts as (

    select
        county_key,
        report_year,
        count(*) filter (where in_list) as townships_listed,
        count(*) filter (where in_list and is_reported) as townships_reported
    from grid
    group by county_key, report_year

)

select
    g.county_key,
    d.county,
    d.prefecture,
    d.province,
    g.report_year,
    g.township_key,
    g.township_code,
    g.township,
    g.township_type,
    g.in_list,
    g.is_reported,
    g.report_count,
    g.report_id,
    c.townships_listed as county_year_townships_listed,
    c.townships_reported as county_year_townships_reported,
    round(c.townships_reported / nullif(c.townships_listed, 0), 4) as county_year_share_reported
from grid as g
inner join {{ ref('dim_county') }} as d using (county_key)
inner join county_year_counts as c using (county_key, report_year)
