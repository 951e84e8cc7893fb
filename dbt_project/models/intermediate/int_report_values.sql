{{ incremental_by_group('report') }}
-- One value per (report, measure) for all applicants, plus the measures the vocabulary derives
-- from others: a subject that adds up into another per facet (litigation_direct +
-- litigation_after_recon = litigation_all). The sum is used only when every part is stated in
-- the table; otherwise what the report states for the derived measure itself is kept.
-- Incremental by report (macros/incremental_by_group.sql).
with todo as (

    {{ reports_to_rebuild() }}

),

stated as (

    select
        m.*,
        false as is_derived
    from {{ ref('int_report_measures') }} as m
    where m.applicant_type = 'all' and m.report_id in (select t.report_id from todo as t)

),

parts_per_facet as (

    -- how many parts the vocabulary says make up each derived measure
    select
        derived.measure_key as derived_key,
        part.measure_key as part_key,
        count(*) over (partition by derived.measure_key) as part_count
    from {{ ref('measures') }} as part
    inner join {{ ref('measures') }} as derived
        on
            part.domain = derived.domain
            and part.subject_rollup = derived.subject
            and part.facet = derived.facet
            and part.period = derived.period

),

derived_keys as (

    select distinct derived_key from parts_per_facet

),

-- what the report states itself for a derived measure (a legacy total, a sentence)
stated_derived as (

    select s.*
    from stated as s
    inner join derived_keys as k on s.measure_key = k.derived_key

),

part_sums as (

    select
        s.report_id,
        p.derived_key as measure_key,
        sum(s.table_value) as part_sum,
        count(s.table_value) = any_value(p.part_count) as all_parts_stated,
        string_agg(p.part_key, '+' order by p.part_key) as parts
    from stated as s
    inner join parts_per_facet as p on s.measure_key = p.part_key
    group by all

),

derived as (

    -- table-derived sum when every part is stated, else what the report states as a total
    select
        coalesce(p.report_id, s.report_id) as report_id,
        coalesce(p.measure_key, s.measure_key) as measure_key,
        'all' as applicant_type,
        case when p.all_parts_stated then 'table' else s.chosen_source end as chosen_source,
        case when p.all_parts_stated then p.part_sum else s.value end as value,
        case
            when p.all_parts_stated then case when p.part_sum = 0 then 'ZERO' else 'NUMERIC' end
            else coalesce(s.semantic, 'EMPTY')
        end as semantic,
        case when p.all_parts_stated then p.part_sum else s.table_value end as table_value,
        s.narrative_value,
        coalesce(
            case when p.all_parts_stated then p.part_sum <> s.narrative_value else s.sources_disagree end,
            false
        ) as sources_disagree,
        coalesce(p.all_parts_stated or s.is_in_table, false) as is_in_table,
        s.chosen_measure_id,
        s.form_version,
        s.unit,
        s.is_approximate,
        s.provenance_text,
        s.start_offset,
        s.end_offset,
        case when p.all_parts_stated then 'derived:' || p.parts else s.source_ref end as source_ref,
        coalesce(p.all_parts_stated, false) as is_derived
    from part_sums as p
    full outer join stated_derived as s
        on
            p.report_id = s.report_id
            and p.measure_key = s.measure_key

),

all_values as (

    select s.* from stated as s
    anti join derived_keys as k on s.measure_key = k.derived_key
    union all by name
    select * from derived

)

select v.*
from all_values as v
