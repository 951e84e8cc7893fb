{{ config(materialized='table') }}
-- One row per report: the groups the incremental-by-group models rebuild together
-- (macros/incremental_by_group.sql), and the report's fingerprint salted with a digest of the
-- division list, which the county and township dimensions read besides the reports.
with divisions as (

    select coalesce(sum(hash(d)::hugeint), 0)::varchar as digest  -- noqa: RF02, RF03
    from {{ ref('stg_reference__divisions') }} as d  -- noqa: AL05

)

select
    f.report_id,
    md5(f.fingerprint || '|' || d.digest) as fingerprint,
    f.report_id as report_group,
    coalesce(u.unit_key, 'report:' || f.report_id) as unit_group,
    coalesce(u.county_key, 'report:' || f.report_id) as county_group
from {{ ref('int_report_fingerprints') }} as f
inner join {{ ref('int_report_units') }} as u on f.report_id = u.report_id
cross join divisions as d
