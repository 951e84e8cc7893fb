-- One row per number stated in a sentence.
select
    md5(concat_ws(
        '|', report_id, measure_key, applicant_type, cast(fact_rank as varchar),
        coalesce(cast(start_offset as varchar), '-')
    )) as fact_id,
    cast(report_id as varchar) as report_id,
    cast(measure_key as varchar) as measure_key,
    cast(applicant_type as varchar) as applicant_type,
    cast(value_num as double) as value_num,
    cast(value_semantic as varchar) as value_semantic,
    cast(unit as varchar) as unit,
    cast(is_approximate as boolean) as is_approximate,
    cast(fact_rank as integer) as fact_rank,
    -- no admissible reading of the report's own (glued) table allows this number
    cast(contradicts_table as boolean) as contradicts_table,
    cast(snippet as varchar) as snippet,
    cast(start_offset as bigint) as start_offset,
    cast(end_offset as bigint) as end_offset
from {{ source('staging', 'narrative_facts') }}
