{{ config(materialized='table') }}
-- One value per (report, measure, applicant type), chosen by the precedence of
-- report_summary.md: a table cell that holds a number (NUMERIC/ZERO) wins, else the narrative
-- headline (lowest fact_rank) among sentences the table does not contradict. A measure marked
-- prefer_narrative in the vocabulary (the headline 主动公开 total, "as the report presents it")
-- takes the narrative headline over a legacy table row.
with table_ranked as (

    -- the first valued cell of a measure, in text order (a repeated row does not override it)
    select
        *,
        row_number() over (
            partition by report_id, measure_key, applicant_type
            order by start_offset nulls last, measure_id
        ) as pick_order
    from {{ ref('int_measures') }}
    where
        source = 'table'
        and semantic in ('NUMERIC', 'ZERO')
        and value is not null

),

table_printed as (

    -- every measure the table prints, blank or not; a blank one keeps its semantic so
    -- downstream can say "not stated"
    select
        report_id,
        measure_key,
        applicant_type,
        min(semantic) as semantic,
        min(measure_id) as measure_id,
        count(*) filter (where semantic in ('NUMERIC', 'ZERO') and value is not null) as valued_cells
    from {{ ref('int_measures') }}
    where source = 'table'
    group by all

),

narrative_ranked as (

    select
        *,
        row_number() over (
            partition by report_id, measure_key, applicant_type
            order by fact_rank, start_offset nulls last, measure_id
        ) as pick_order
    from {{ ref('int_measures') }}
    where
        source = 'narrative'
        and value is not null
        -- a sentence that no reading of the report's own table allows is not used (C7 finding)
        and not contradicts_table

),

table_pick as (select * from table_ranked where pick_order = 1),
narrative_pick as (select * from narrative_ranked where pick_order = 1),

measure_keys as (

    select distinct report_id, measure_key, applicant_type
    from {{ ref('int_measures') }}

),

table_and_narrative as (

    select
        k.report_id,
        k.measure_key,
        k.applicant_type,
        t.value           as table_value,
        t.semantic        as table_semantic,
        n.value           as narrative_value,
        n.semantic        as narrative_semantic,
        b.semantic        as printed_semantic,
        b.measure_id is not null as is_in_table,
        case
            when coalesce(vocab.prefer_narrative, false) and n.value is not null then 'narrative'
            when t.value is not null then 'table'
            when n.value is not null then 'narrative'
        end               as chosen_source,
        t.measure_id      as table_measure_id,
        n.measure_id      as narrative_measure_id,
        case when b.valued_cells = 0 then b.measure_id end as blank_measure_id
    from measure_keys as k
    left join table_pick as t using (report_id, measure_key, applicant_type)
    left join narrative_pick as n using (report_id, measure_key, applicant_type)
    left join table_printed as b using (report_id, measure_key, applicant_type)
    left join {{ ref('measures') }} as vocab on vocab.measure_key = k.measure_key

)

select
    c.report_id,
    c.measure_key,
    c.applicant_type,
    c.chosen_source,
    case c.chosen_source when 'table' then c.table_value when 'narrative' then c.narrative_value end
        as value,
    coalesce(
        case c.chosen_source when 'table' then c.table_semantic when 'narrative' then c.narrative_semantic end,
        case when c.blank_measure_id is not null then c.printed_semantic end,
        'EMPTY'   -- a sentence without a usable number states nothing
    ) as semantic,
    c.table_value,
    c.narrative_value,
    -- both sources state the quantity and differ: reported as a C7 finding, never "fixed"
    coalesce(c.table_value <> c.narrative_value, false) as sources_disagree,
    c.is_in_table,
    chosen.measure_id as chosen_measure_id,
    chosen.form_version,
    chosen.unit,
    chosen.is_approximate,
    chosen.provenance_text,
    chosen.start_offset,
    chosen.end_offset,
    chosen.source_ref
from table_and_narrative as c
left join {{ ref('int_measures') }} as chosen
    on chosen.measure_id = coalesce(
        case c.chosen_source
            when 'table' then c.table_measure_id
            when 'narrative' then c.narrative_measure_id
        end,
        c.blank_measure_id
    )
