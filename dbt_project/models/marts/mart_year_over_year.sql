-- Each unit's chosen report against its previous one (the latest earlier year the unit
-- reported), per measure stated in either: absolute and relative change, and the continuity
-- check that compares the two (X1 carry-over for 上年结转, X2 for 现行有效件数, X5 for 历年累计).
-- Incremental by unit (macros/incremental_by_group.sql).
{{ incremental_by_group('unit', row_key='unit_key') }}
with chosen as (

    select
        unit_key,
        report_year,
        report_id,
        lag(report_id) over (partition by unit_key order by report_year) as prev_report_id,
        lag(report_year) over (partition by unit_key order by report_year) as prev_report_year
    from {{ ref('int_unit_year_reports') }}
    where is_chosen and unit_key in ({{ groups_to_rebuild('unit') }})

),

year_measures as (

    select
        v.report_id,
        v.measure_key,
        v.value
    from {{ ref('int_report_values') }} as v
    inner join {{ ref('dim_measure') }} as d using (measure_key)
    where d.period = 'year' and v.report_id in ({{ reports_to_rebuild() }})

),

this_side as (

    select
        c.unit_key,
        c.report_year,
        c.report_id,
        c.prev_report_year,
        c.prev_report_id,
        m.measure_key,
        m.value
    from chosen as c
    inner join year_measures as m on c.report_id = m.report_id
    where c.prev_report_id is not null

),

prev_side as (

    select
        c.unit_key,
        c.report_year,
        c.report_id,
        c.prev_report_year,
        c.prev_report_id,
        m.measure_key,
        m.value
    from chosen as c
    inner join year_measures as m on c.prev_report_id = m.report_id

),

pairs as (

    select
        unit_key,
        report_year,
        report_id,
        prev_report_year,
        prev_report_id,
        measure_key,
        t.value,
        p.value as prev_value
    from this_side as t
    full outer join prev_side as p using (unit_key, report_year, report_id, prev_report_year, prev_report_id, measure_key)
    where t.value is not null or p.value is not null

),

continuity as (

    -- cross-year identities, attributed to the measure they check (their 'actual' side)
    select distinct
        c.report_id,
        c.prev_report_id,
        i.measure_key,
        c.check_code,
        c.outcome,
        c.expected
    from {{ ref('int_identity_checks') }} as c
    inner join {{ ref('measure_identities') }} as i
        on
            c.identity = i.identity
            and i.side = 'actual'
    where
        c.prev_report_id is not null and c.applicant_type = 'all'
        and c.report_id in (select ch.report_id from chosen as ch)

)

select
    p.unit_key,
    p.report_year,
    p.measure_key,
    d.name_zh,
    d.name_en,
    p.report_id,
    p.value,
    p.prev_report_year,
    p.prev_report_id,
    p.prev_value,
    p.report_year - p.prev_report_year as years_between,
    p.value - p.prev_value as absolute_change,
    case when p.prev_value <> 0 then round((p.value - p.prev_value) / abs(p.prev_value), 4) end as relative_change,
    k.check_code as continuity_check,
    k.expected as continuity_expected,
    k.outcome as continuity_outcome
from pairs as p
inner join {{ ref('dim_measure') }} as d using (measure_key)
left join continuity as k
    on
        p.report_id = k.report_id
        and p.prev_report_id = k.prev_report_id
        and p.measure_key = k.measure_key
