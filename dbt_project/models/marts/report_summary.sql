-- One row per distinct report, per ../shared/docs/report_summary.md. NULL means "not stated":
-- nothing here is COALESCEd to 0.
with reports as (

    select * from {{ ref('stg_staging__reports') }}

),

report_totals as (

    -- only the all-applicants column feeds the summary; keep table and narrative values apart
    -- where the contract needs more than the chosen value
    select
        report_id,
        max(value)         filter (where measure_key = 'pub.info_items.total')              as published_total,
        max(value)         filter (where measure_key = 'pub.normdoc.issued')                as normative_docs_issued,
        max(table_value)   filter (where measure_key = 'pub.normdoc.in_force')              as normdoc_in_force_table,
        max(table_value)   filter (where measure_key = 'pub.normdoc.published_cumulative')  as normdoc_cumulative_table,
        max(narrative_value) filter (where measure_key = 'pub.normdoc.in_force')            as normdoc_in_force_narrative,
        max(narrative_value) filter (where measure_key = 'pub.normdoc.published_cumulative') as normdoc_cumulative_narrative,
        max(value)         filter (where measure_key = 'pub.license.decisions')             as licensing_decisions,
        max(value)         filter (where measure_key = 'pub.penalty.decisions')             as punishment_decisions,
        max(value)         filter (where measure_key = 'app.new_received')                  as applications_new,
        max(value)         filter (where measure_key = 'app.carried_in')                    as applications_carried_over,
        max(value)         filter (where measure_key = 'app.out.disclosed')                 as applications_granted,
        max(value)         filter (where measure_key = 'proc.reconsideration.total')        as reconsideration_total,
        max(table_value)   filter (where measure_key = 'proc.litigation_direct.total')      as litigation_direct_table,
        max(table_value)   filter (where measure_key = 'proc.litigation_after_recon.total') as litigation_after_table,
        max(table_value)   filter (where measure_key = 'proc.litigation_all.total')         as litigation_all_table,
        max(narrative_value) filter (where measure_key = 'proc.litigation_all.total')       as litigation_all_narrative
    from {{ ref('int_report_measures') }}
    where applicant_type = 'all'
    group by report_id

),

finding_counts as (

    select report_id, count(*) as quality_finding_count
    from {{ ref('quality_findings') }}
    -- a duplicate copy of a file is not a fault of the report itself
    where outcome = 'FAIL' and check_code <> 'QUARANTINE' and report_id is not null
    group by report_id

)

select
    r.report_id,
    r.source_path,
    r.unit_name,
    r.unit_type,
    r.county,
    r.report_year,
    r.template,
    r.publish_date,
    cast(t.published_total as bigint)              as published_total,
    cast(t.normative_docs_issued as bigint)        as normative_docs_issued,
    -- 2021 form: 现行有效件数; 2019 form: 对外公开总数量 (each form prints only one of them)
    cast(coalesce(t.normdoc_in_force_table, t.normdoc_cumulative_table,
                  t.normdoc_in_force_narrative, t.normdoc_cumulative_narrative) as bigint)
                                                   as normative_docs_in_force,
    cast(t.licensing_decisions as bigint)          as licensing_decisions,
    cast(t.punishment_decisions as bigint)         as punishment_decisions,
    cast(t.applications_new as bigint)             as applications_new,
    cast(t.applications_carried_over as bigint)    as applications_carried_over,
    cast(t.applications_granted as bigint)         as applications_granted,
    cast(t.reconsideration_total as bigint)        as reconsideration_total,
    -- form tables split lawsuits into direct + after reconsideration: the sum needs both
    -- (a NULL part makes the table sum unknown); legacy tables and sentences give the total
    cast(case
        when t.litigation_direct_table is not null and t.litigation_after_table is not null
            then t.litigation_direct_table + t.litigation_after_table
        when t.litigation_all_table is not null then t.litigation_all_table
        else t.litigation_all_narrative
    end as bigint)                                 as litigation_total,
    -- extra columns (allowed after the contract's)
    r.form_version,
    coalesce(r.form_version, r.template)           as template_key,
    r.unit_key,
    r.prefecture,
    r.province,
    r.publish_date_source,
    r.is_truncated,
    coalesce(f.quality_finding_count, 0)           as quality_finding_count
from reports as r
left join report_totals as t using (report_id)
left join finding_counts as f using (report_id)
