-- One row per report: where its unit sits in the division list (resolved in Python, extract/divisions.py).
select
    cast(report_id as varchar) as report_id,
    cast(unit_level as varchar) as unit_level,
    cast(resolution_status as varchar) as resolution_status,
    cast(resolution_method as varchar) as resolution_method,
    cast(township_code as varchar) as township_code,
    cast(county_code as varchar) as county_code,
    cast(candidate_count as integer) as candidate_count,
    cast(resolution_note as varchar) as resolution_note
from {{ source('staging', 'unit_resolutions') }}
