-- Actively published items (pub.*), one row per report and measure, with the chosen value
-- and where it was read.
select
    report_id,
    measure_key,
    value,
    semantic,
    unit,
    chosen_source       as source,
    is_approximate,
    table_value,
    narrative_value,
    sources_disagree,
    -- items_change (本年增/减) is signed; every other pub.* measure is a count or an amount
    measure_key like '%.items_change' as is_signed,
    provenance_text,
    start_offset,
    end_offset,
    source_ref
from {{ ref('int_report_measures') }}
where measure_key like 'pub.%'
  and applicant_type = 'all'
