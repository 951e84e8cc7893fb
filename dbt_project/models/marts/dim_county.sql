-- One row per county-level unit named in the reports (fullest form, simplified script).
select
    county,
    mode(prefecture)            as prefecture,
    mode(province)              as province,
    count(distinct unit_name)   as unit_count,
    count(*)                    as report_count
from {{ ref('stg_staging__reports') }}
where county is not null
group by county
