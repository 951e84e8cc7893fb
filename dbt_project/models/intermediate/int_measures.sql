{{ incremental_by_group('report') }}
-- Every number the warehouse knows, from table cells and from sentences, on one vocabulary.
-- Cells without a conformed measure (measure_key NULL) are left out: they mean nothing here.
-- Incremental by report (macros/incremental_by_group.sql).
with todo as (

    {{ reports_to_rebuild() }}

),

table_values as (

    select
        cell_id as measure_id,
        report_id,
        measure_key,
        applicant_type,
        'table' as source,
        form_version,
        value_num as value,
        value_semantic as semantic,
        unit,
        false as is_approximate,
        cast(null as integer) as fact_rank,
        raw_text as provenance_text,
        start_offset,
        end_offset,
        table_code || ':' || row_code || ':' || col_code as source_ref,
        candidates,
        false as contradicts_table
    from {{ ref('stg_staging__table_cells') }}
    where measure_key is not null and report_id in (select t.report_id from todo as t)

),

narrative_values as (

    select
        fact_id as measure_id,
        report_id,
        measure_key,
        applicant_type,
        'narrative' as source,
        cast(null as varchar) as form_version,
        value_num as value,
        value_semantic as semantic,
        unit,
        coalesce(is_approximate, false) as is_approximate,
        fact_rank,
        snippet as provenance_text,
        start_offset,
        end_offset,
        'sentence:rank' || cast(fact_rank as varchar) as source_ref,
        cast(null as varchar) as candidates,
        contradicts_table
    from {{ ref('stg_staging__narrative_facts') }}
    where report_id in (select t.report_id from todo as t)

),

all_values as (

    select * from table_values
    union all
    select * from narrative_values

)

select v.*
from all_values as v
