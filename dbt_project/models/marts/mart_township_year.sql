-- One row per unit and report year (townships, and the county-level governments and departments
-- that report too: unit_level says which): the chosen report's headline measures, template,
-- publish date and on-time status, rates with their inputs, findings by severity, and the
-- other files that cover the same unit-year (each also a U1 finding). Incremental by unit
-- (macros/incremental_by_group.sql).
{{ incremental_by_group('unit', row_key='unit_key') }}
with unit_years as (

    select
        unit_key,
        report_year,
        any_value(chosen_report_id) as report_id,
        count(*) as reports_in_unit_year,
        string_agg(report_id, ', ' order by rank_in_unit_year) filter (where not is_chosen) as other_report_ids
    from {{ ref('int_unit_year_reports') }}
    where unit_key in ({{ groups_to_rebuild('unit') }})
    group by unit_key, report_year

),

findings as (

    select
        report_id,
        count(*) filter (where severity = 'error') as findings_error,
        count(*) filter (where severity = 'warn') as findings_warn,
        count(*) filter (where severity = 'info') as findings_info
    from {{ ref('quality_findings') }}
    where report_id is not null and report_id in (select y.report_id from unit_years as y)
    group by report_id

),

rates as (

    select
        scope_key as unit_key,
        report_year,
        max(numerator) filter (where rate_code = 'substantive_disclosure_rate') as disclosure_numerator,
        max(denominator) filter (where rate_code = 'substantive_disclosure_rate') as disclosure_denominator,
        max(rate) filter (where rate_code = 'substantive_disclosure_rate') as substantive_disclosure_rate,
        max(numerator) filter (where rate_code = 'reconsideration_correction_rate') as reconsideration_corrected,
        max(denominator) filter (where rate_code = 'reconsideration_correction_rate') as reconsideration_cases,
        max(rate) filter (where rate_code = 'reconsideration_correction_rate') as reconsideration_correction_rate,
        max(numerator) filter (where rate_code = 'litigation_correction_rate') as litigation_corrected,
        max(denominator) filter (where rate_code = 'litigation_correction_rate') as litigation_cases,
        max(rate) filter (where rate_code = 'litigation_correction_rate') as litigation_correction_rate
    from {{ ref('mart_rates') }}
    where scope = 'unit' and scope_key in (select y.unit_key from unit_years as y)
    group by all

)

select
    y.unit_key,
    y.report_year,
    s.unit_name,
    s.unit_type,
    s.unit_level,
    s.resolution_status,
    s.township_code,
    u.county_key,
    s.county_code,
    s.county as county_stated,
    s.county_listed,
    s.prefecture,
    s.province,
    y.report_id,
    s.source_path,
    y.reports_in_unit_year,
    y.other_report_ids,
    s.template,
    s.form_version,
    s.publish_date,
    d.deadline,
    d.deadline_rule_id,
    d.on_time_status,
    d.days_late,
    s.published_total,
    s.normative_docs_issued,
    s.normative_docs_in_force,
    s.licensing_decisions,
    s.punishment_decisions,
    s.applications_new,
    s.applications_carried_over,
    s.applications_granted,
    s.reconsideration_total,
    s.litigation_total,
    r.disclosure_numerator,
    r.disclosure_denominator,
    r.substantive_disclosure_rate,
    r.reconsideration_corrected,
    r.reconsideration_cases,
    r.reconsideration_correction_rate,
    r.litigation_corrected,
    r.litigation_cases,
    r.litigation_correction_rate,
    coalesce(f.findings_error, 0) as findings_error,
    coalesce(f.findings_warn, 0) as findings_warn,
    coalesce(f.findings_info, 0) as findings_info
from unit_years as y
inner join {{ ref('report_summary') }} as s using (report_id)
inner join {{ ref('int_report_units') }} as u using (report_id)
left join {{ ref('int_report_deadlines') }} as d using (report_id)
left join rates as r on y.unit_key = r.unit_key and y.report_year = r.report_year
left join findings as f using (report_id)
