-- Disclosure applications (domain app), one row per report, measure and applicant column.
-- Incremental by report (macros/incremental_by_group.sql).
{{ incremental_by_group('report') }}
select
    m.report_id,
    r.report_year,
    m.measure_key,
    m.applicant_type,
    m.value,
    m.semantic,
    m.unit,
    m.chosen_source as source,
    m.table_value,
    m.narrative_value,
    m.sources_disagree,
    -- amounts (fees) are not counts of applications
    d.value_kind = 'amount' as is_amount,
    m.provenance_text,
    m.start_offset,
    m.end_offset,
    m.source_ref
from {{ ref('int_report_measures') }} as m
inner join {{ ref('dim_measure') }} as d using (measure_key)
inner join {{ ref('stg_staging__reports') }} as r on m.report_id = r.report_id
where d.domain = 'app' and m.report_id in ({{ reports_to_rebuild() }})
