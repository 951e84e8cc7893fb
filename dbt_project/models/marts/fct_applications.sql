-- Disclosure applications (app.*), one row per report, measure and applicant column.
select
    report_id,
    measure_key,
    applicant_type,
    value,
    semantic,
    unit,
    chosen_source       as source,
    table_value,
    narrative_value,
    sources_disagree,
    -- amounts (fees) are not counts of applications
    measure_key = 'app.fee_amount' or measure_key like 'app.fee_amount.%' as is_amount,
    provenance_text,
    start_offset,
    end_offset,
    source_ref
from {{ ref('int_report_measures') }}
where measure_key like 'app.%'
