-- Reconsiderations and lawsuits (domain proc, year columns), one row per report, proceeding and
-- result. litigation_all is derived from litigation_direct + litigation_after_recon where the
-- form splits them and both are stated (int_report_values), so every era compares on one key.
-- Incremental by report (macros/incremental_by_group.sql).
{{ incremental_by_group('report') }}
select
    v.report_id,
    r.report_year,
    d.subject as proceeding,
    d.facet as result,
    v.measure_key,
    v.value,
    v.semantic,
    v.unit,
    v.chosen_source as source,
    v.table_value,
    v.narrative_value,
    v.sources_disagree,
    v.provenance_text,
    v.start_offset,
    v.end_offset,
    v.source_ref,
    v.is_derived
from {{ ref('int_report_values') }} as v
inner join {{ ref('dim_measure') }} as d using (measure_key)
inner join {{ ref('stg_staging__reports') }} as r on v.report_id = r.report_id
where d.domain = 'proc' and d.period = 'year' and v.report_id in ({{ reports_to_rebuild() }})
