-- One row per distinct report, per ../shared/docs/report_summary.md. NULL means "not stated":
-- nothing here is COALESCEd to 0. Which measure feeds which contract column is data
-- (dim_measure.summary_column), not SQL. Incremental by unit, as quality_findings is, whose
-- findings it counts (macros/incremental_by_group.sql).
{{ incremental_by_group('unit') }}
with reports as (

    select report_id from ({{ reports_to_rebuild() }})

),

headline as (

    select
        v.report_id,
        max(v.value) filter (where d.summary_column = 'published_total') as published_total,
        max(v.value) filter (where d.summary_column = 'normative_docs_issued') as normative_docs_issued,
        -- 2021 form: 现行有效件数; 2019 form: 对外公开总数量 (each form prints only one); table first
        coalesce(
            max(v.table_value) filter (where d.summary_column = 'normative_docs_in_force'),
            max(v.narrative_value) filter (where d.summary_column = 'normative_docs_in_force')
        ) as normative_docs_in_force,
        max(v.value) filter (where d.summary_column = 'licensing_decisions') as licensing_decisions,
        max(v.value) filter (where d.summary_column = 'punishment_decisions') as punishment_decisions,
        max(v.value) filter (where d.summary_column = 'applications_new') as applications_new,
        max(v.value) filter (where d.summary_column = 'applications_carried_over') as applications_carried_over,
        max(v.value) filter (where d.summary_column = 'applications_granted') as applications_granted,
        max(v.value) filter (where d.summary_column = 'reconsideration_total') as reconsideration_total,
        -- form tables: direct + after reconsideration when both are stated (int_report_values)
        max(v.value) filter (where d.summary_column = 'litigation_total') as litigation_total
    from {{ ref('int_report_values') }} as v
    inner join {{ ref('dim_measure') }} as d using (measure_key)
    where d.summary_column is not null and v.report_id in (select t.report_id from reports as t)
    group by v.report_id

),

finding_counts as (

    select
        report_id,
        count(*) as quality_finding_count
    from {{ ref('quality_findings') }}
    -- a duplicate copy of a file, or another report of the same unit-year, is not a fault of the report
    where
        outcome = 'FAIL' and check_code not in ('QUARANTINE', 'U1') and report_id is not null
        and report_id in (select t.report_id from reports as t)
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
    cast(h.published_total as bigint) as published_total,
    cast(h.normative_docs_issued as bigint) as normative_docs_issued,
    cast(h.normative_docs_in_force as bigint) as normative_docs_in_force,
    cast(h.licensing_decisions as bigint) as licensing_decisions,
    cast(h.punishment_decisions as bigint) as punishment_decisions,
    cast(h.applications_new as bigint) as applications_new,
    cast(h.applications_carried_over as bigint) as applications_carried_over,
    cast(h.applications_granted as bigint) as applications_granted,
    cast(h.reconsideration_total as bigint) as reconsideration_total,
    cast(h.litigation_total as bigint) as litigation_total,
    -- extra columns (allowed after the contract's)
    r.form_version,
    coalesce(r.form_version, r.template) as template_key,
    u.unit_key,
    u.unit_level,
    u.resolution_status,
    u.township_code,
    u.county_code,
    u.county_listed,
    u.prefecture,
    u.province,
    r.publish_date_source,
    dl.deadline,
    dl.deadline_rule_id,
    dl.on_time_status,
    r.is_truncated,
    coalesce(f.quality_finding_count, 0) as quality_finding_count
from {{ ref('stg_staging__reports') }} as r
left join headline as h using (report_id)
left join {{ ref('int_report_units') }} as u using (report_id)
left join {{ ref('int_report_deadlines') }} as dl using (report_id)
left join finding_counts as f using (report_id)
where r.report_id in (select t.report_id from reports as t)
