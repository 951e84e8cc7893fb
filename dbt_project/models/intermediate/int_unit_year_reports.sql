{{ incremental_by_group('unit', row_key='unit_key') }}
-- One row per report of a named unit with a report year, ranked within its unit-year: when
-- several files cover one unit and year (a repost, a corrected version, a copy on another
-- portal), the chosen one is complete (not cut off), states the most headline quantities, and
-- is the latest published; the report id breaks ties so the choice is stable. Incremental by
-- unit (macros/incremental_by_group.sql).
with stated as (

    select
        v.report_id,
        count(v.value) filter (where vocab.summary_column is not null) as headline_values_stated
    from {{ ref('int_report_values') }} as v
    inner join {{ ref('measures') }} as vocab using (measure_key)
    where v.report_id in ({{ reports_to_rebuild() }})
    group by v.report_id

),

ranked as (

    select
        u.unit_key,
        u.report_year,
        r.report_id,
        r.is_truncated,
        coalesce(s.headline_values_stated, 0) as headline_values_stated,
        r.publish_date,
        row_number() over unit_year as rank_in_unit_year,
        first_value(r.report_id) over unit_year as chosen_report_id,
        count(*) over (partition by u.unit_key, u.report_year) as reports_in_unit_year
    from {{ ref('int_report_units') }} as u
    inner join {{ ref('stg_staging__reports') }} as r using (report_id)
    left join stated as s using (report_id)
    where
        u.unit_key is not null and u.report_year is not null
        and u.unit_key in ({{ groups_to_rebuild('unit') }})
    window unit_year as (
        partition by u.unit_key, u.report_year
        order by
            r.is_truncated asc, coalesce(s.headline_values_stated, 0) desc, r.publish_date desc nulls last,
            r.report_id asc
        rows between unbounded preceding and unbounded following
    )

)

select
    *,
    rank_in_unit_year = 1 as is_chosen
from ranked
