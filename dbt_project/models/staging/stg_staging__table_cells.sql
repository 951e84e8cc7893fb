-- One row per table cell. The id includes the offset because a legacy table may print the
-- same row twice (e.g. a repeated header page).
select
    md5(concat_ws(
        '|', report_id, table_code, row_code, col_code,
        coalesce(cast(start_offset as varchar), '-')
    )) as cell_id,
    cast(report_id as varchar) as report_id,
    cast(form_version as varchar) as form_version,
    cast(table_code as varchar) as table_code,
    cast(row_code as varchar) as row_code,
    cast(col_code as varchar) as col_code,
    cast(measure_key as varchar) as measure_key,
    cast(applicant_type as varchar) as applicant_type,
    cast(value_num as double) as value_num,
    cast(value_semantic as varchar) as value_semantic,
    cast(unit as varchar) as unit,
    cast(raw_text as varchar) as raw_text,
    cast(start_offset as bigint) as start_offset,
    cast(end_offset as bigint) as end_offset,
    cast(candidates as varchar) as candidates,
    cast(candidate_values as varchar) as candidate_values,
    cast(note as varchar) as note
from {{ source('staging', 'table_cells') }}
