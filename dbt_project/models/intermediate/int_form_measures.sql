{{ config(materialized='table') }}
-- The measures each report shape prints (seed form_measures, one row per form version: a
-- legacy row without a form version is printed by every legacy variant).
select
    coalesce(v.form_version, v.template) as template_key,
    fm.measure_key,
    any_value(fm.table_code) as table_code,
    bool_or(fm.is_official) as is_official
from {{ ref('form_measures') }} as fm
inner join {{ ref('form_versions') }} as v
    on
        fm.template = v.template
        and (fm.form_version is null or fm.form_version = v.form_version)
group by all
