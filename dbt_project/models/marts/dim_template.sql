-- The four report shapes and the form versions within them (domain.md, the three eras).
-- template_key = coalesce(form_version, template), as in report_summary.template_key.
select
    template_key,
    template,
    form_version,
    description
from {{ ref('dim_form_version') }}
