-- One row per report year present: its era and the form version expected for it.
with years as (

    select distinct report_year
    from {{ ref('stg_staging__reports') }}
    where report_year is not null

)

select
    y.report_year,
    case
        when f.form_version is null then 'pre_2019'
        else f.template
    end as era,
    f.form_version as expected_form_version,
    -- governments' deadline in both 条例 (the deadline applied to each report is report_summary.deadline)
    make_date(y.report_year + 1, 3, 31) as statutory_deadline
from years as y
left join {{ ref('form_versions') }} as f
    on
        f.arithmetic_checked
        and y.report_year between f.expected_from_year and coalesce(f.expected_to_year, 9999)
