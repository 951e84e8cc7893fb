-- One row per section heading found in a report.
select
    md5(concat_ws('|', report_id, section_key, cast(start_offset as varchar))) as section_id,
    cast(report_id as varchar) as report_id,
    cast(section_key as varchar) as section_key,
    cast(section_no as integer) as section_no,
    cast(heading as varchar) as heading,
    cast(start_offset as bigint) as start_offset,
    cast(end_offset as bigint) as end_offset
from {{ source('staging', 'sections') }}
