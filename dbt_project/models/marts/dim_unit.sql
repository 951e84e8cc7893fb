-- One row per reporting unit (name within its county). A unit whose county is not stated in
-- any of its reports has county NULL.
with named_reports as (

    select unit_key, unit_name, county, unit_type, prefecture, province, report_year
    from {{ ref('stg_staging__reports') }}
    where unit_name is not null

)

select
    unit_key,
    unit_name,
    mode(unit_type)       as unit_type,
    county,
    mode(prefecture)      as prefecture,
    mode(province)        as province,
    count(*)              as report_count,
    min(report_year)      as first_report_year,
    max(report_year)      as last_report_year
from named_reports
group by unit_key, unit_name, county
