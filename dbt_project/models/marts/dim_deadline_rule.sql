-- The publication-deadline rules (seed deadline_rules, edited by county offices).
select
    rule_id,
    unit_levels,
    from_report_year,
    to_report_year,
    scope_code,
    deadline_month,
    deadline_day,
    rule_text,
    legal_basis,
    source_url
from {{ ref('deadline_rules') }}
