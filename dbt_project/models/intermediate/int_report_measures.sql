{{ incremental_by_group('report') }}
-- One value per (report, measure, applicant type), chosen by the precedence of
-- report_summary.md: a table cell that holds a number (NUMERIC/ZERO) wins (the first in text
-- order: a repeated row does not override it), else the narrative headline (lowest fact_rank)
-- among sentences the table does not contradict. A measure marked prefer_narrative in the
-- vocabulary (the headline 主动公开 total, "as the report presents it") takes the narrative
-- headline over a legacy table row. One pass over int_measures: arg_min picks each candidate.
-- Incremental by report (macros/incremental_by_group.sql).
with todo as (

    {{ reports_to_rebuild() }}

),

measures as (

    select m.*
    from {{ ref('int_measures') }} as m
    where m.report_id in (select t.report_id from todo as t)

),

picks as (

    select
        report_id,
        measure_key,
        applicant_type,
        arg_min(
            { 'id': measure_id, 'value': value, 'semantic': semantic },
            { 'offset': coalesce(start_offset, 9223372036854775807), 'id': measure_id }
        ) filter (where source = 'table' and semantic in ('NUMERIC', 'ZERO') and value is not null) as table_pick,
        arg_min(
            { 'id': measure_id, 'value': value, 'semantic': semantic },
            { 'rank': fact_rank, 'offset': coalesce(start_offset, 9223372036854775807), 'id': measure_id }
        ) filter (
            -- a sentence that no reading of the report's own table allows is not used (C7 finding)
            where source = 'narrative' and value is not null and not contradicts_table
        ) as narrative_pick,
        -- a measure the table prints without a value keeps its semantic (EMPTY, NA, TEXT)
        min(semantic) filter (where source = 'table') as printed_semantic,
        min(measure_id) filter (where source = 'table') as printed_measure_id,
        count(*) filter (where source = 'table') > 0 as is_in_table
    from measures
    group by report_id, measure_key, applicant_type

),

unpacked as (

    select
        p.report_id,
        p.measure_key,
        p.applicant_type,
        p.is_in_table,
        p.printed_semantic,
        p.printed_measure_id,
        coalesce(vocab.prefer_narrative, false) as prefer_narrative,
        struct_extract(p.table_pick, 'value') as table_value,
        struct_extract(p.table_pick, 'semantic') as table_semantic,
        struct_extract(p.table_pick, 'id') as table_measure_id,
        struct_extract(p.narrative_pick, 'value') as narrative_value,
        struct_extract(p.narrative_pick, 'semantic') as narrative_semantic,
        struct_extract(p.narrative_pick, 'id') as narrative_measure_id
    from picks as p
    left join {{ ref('measures') }} as vocab on p.measure_key = vocab.measure_key

),

chosen as (

    select
        *,
        case
            when prefer_narrative and narrative_value is not null then 'narrative'
            when table_value is not null then 'table'
            when narrative_value is not null then 'narrative'
        end as chosen_source
    from unpacked

)

select
    c.report_id,
    c.measure_key,
    c.applicant_type,
    c.chosen_source,
    case c.chosen_source when 'table' then c.table_value when 'narrative' then c.narrative_value end as value,
    coalesce(
        case c.chosen_source when 'table' then c.table_semantic when 'narrative' then c.narrative_semantic end,
        c.printed_semantic,
        'EMPTY'   -- a sentence without a usable number states nothing
    ) as semantic,
    c.table_value,
    c.narrative_value,
    -- both sources state the quantity and differ: reported as a C7 finding, never "fixed"
    coalesce(c.table_value <> c.narrative_value, false) as sources_disagree,
    c.is_in_table,
    m.measure_id as chosen_measure_id,
    m.form_version,
    m.unit,
    m.is_approximate,
    m.provenance_text,
    m.start_offset,
    m.end_offset,
    m.source_ref
from chosen as c
left join measures as m
    on
        m.measure_id = coalesce(
            case c.chosen_source when 'table' then c.table_measure_id when 'narrative' then c.narrative_measure_id end,
            c.printed_measure_id
        )
