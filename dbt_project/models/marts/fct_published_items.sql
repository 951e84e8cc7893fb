-- Actively published items (domain pub), one row per report and measure, with the chosen value
-- and where it was read.
-- Incremental by report (macros/incremental_by_group.sql).
{{ incremental_by_group('report') }}
select
    v.report_id,
    r.report_year,
    v.measure_key,
    v.value,
    v.semantic,
    v.unit,
    v.chosen_source as source,
    v.is_approximate,
    v.table_value,
    v.narrative_value,
    v.sources_disagree,
    -- 本年增/减 is signed; every other published measure is a count or an amount
    d.value_kind = 'signed' as is_signed,
    v.provenance_text,
    v.start_offset,
    v.end_offset,
    v.source_ref
from {{ ref('int_report_values') }} as v
inner join {{ ref('dim_measure') }} as d using (measure_key)
inner join {{ ref('stg_staging__reports') }} as r on v.report_id = r.report_id
where d.domain = 'pub' and v.report_id in ({{ reports_to_rebuild() }})
