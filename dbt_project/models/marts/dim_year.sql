-- One row per report year present. The deadline is the statutory one for governments
-- (31 March of the following year, in both the 2008 and the 2019 条例); townships may have
-- earlier local deadlines, which the data does not carry.
with years as (

    select distinct report_year
    from {{ ref('stg_staging__reports') }}
    where report_year is not null

)

select
    report_year,
    case
        when report_year >= 2021 then 'form_2021'
        when report_year >= 2019 then 'form_2019'
        else 'pre_2019'
    end                                      as era,
    case
        when report_year >= 2021 then 'gb2021'
        when report_year >= 2019 then 'gb2019'
    end                                      as expected_form_version,
    make_date(report_year + 1, 3, 31)        as statutory_deadline,
    -- county-level departments: 31 January from the 2019 条例 on (reports for 2019 onward)
    case when report_year >= 2019 then make_date(report_year + 1, 1, 31)
         else make_date(report_year + 1, 3, 31) end as department_deadline
from years
