-- The report shapes (seed form_versions): template, the years each is expected for, legal basis.
select
    coalesce(form_version, template) as template_key,
    form_version,
    template,
    name_zh,
    name_en,
    description,
    expected_from_year,
    expected_to_year,
    arithmetic_checked,
    cumulative_column,
    legal_basis,
    sort_order
from {{ ref('form_versions') }}
