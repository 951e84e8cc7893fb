-- Reconsiderations and lawsuits, one row per report, proceeding and result.
-- The national forms split lawsuits into direct and after-reconsideration; their sum is added
-- as litigation_all so every era can be compared on one key. The sum needs both parts.
with stated as (

    select
        report_id,
        split_part(measure_key, '.', 2) as proceeding,
        split_part(measure_key, '.', 3) as result,
        value, semantic, unit, chosen_source as source, table_value, narrative_value,
        sources_disagree, provenance_text, start_offset, end_offset, source_ref,
        false as is_derived
    from {{ ref('int_report_measures') }}
    where measure_key like 'proc.%'
      and applicant_type = 'all'
      -- keys outside the proceeding.result shape are not proceedings
      and measure_key not like 'proc.%.%.%'

),

litigation_parts as (

    select
        report_id,
        result,
        max(table_value) filter (where proceeding = 'litigation_direct')      as direct_value,
        max(table_value) filter (where proceeding = 'litigation_after_recon') as after_value
    from stated
    where proceeding in ('litigation_direct', 'litigation_after_recon')
    group by report_id, result

),

litigation_all_stated as (

    select * from stated where proceeding = 'litigation_all'

),

litigation_all_merged as (

    -- table-derived sum when both parts are stated, else what the report states as a total
    select
        coalesce(p.report_id, s.report_id)  as report_id,
        'litigation_all'                    as proceeding,
        coalesce(p.result, s.result)        as result,
        case when p.direct_value is not null and p.after_value is not null
             then p.direct_value + p.after_value else s.value end                 as value,
        case when p.direct_value is not null and p.after_value is not null
             then case when p.direct_value + p.after_value = 0 then 'ZERO' else 'NUMERIC' end
             else coalesce(s.semantic, 'EMPTY') end                               as semantic,
        s.unit,
        case when p.direct_value is not null and p.after_value is not null
             then 'table' else s.source end                                       as source,
        case when p.direct_value is not null and p.after_value is not null
             then p.direct_value + p.after_value else s.table_value end           as table_value,
        s.narrative_value,
        coalesce(case when p.direct_value is not null and p.after_value is not null
                      then p.direct_value + p.after_value <> s.narrative_value
                      else s.sources_disagree end, false)                         as sources_disagree,
        s.provenance_text,
        s.start_offset,
        s.end_offset,
        case when p.direct_value is not null and p.after_value is not null
             then 'derived:litigation_direct+litigation_after_recon' else s.source_ref end as source_ref,
        (p.direct_value is not null and p.after_value is not null)                as is_derived
    from litigation_parts as p
    full outer join litigation_all_stated as s
        on s.report_id = p.report_id and s.result = p.result

)

select * from stated where proceeding <> 'litigation_all'
union all by name
select * from litigation_all_merged
