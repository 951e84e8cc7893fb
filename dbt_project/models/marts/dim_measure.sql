-- The conformed measures (seed measures) with the labels each form prints for them (in a fixed
-- order: an unordered string_agg changed the mart between two builds of the same input).
with printed as (

    select
        measure_key,
        form_version,
        template,
        row_label || coalesce(' · ' || col_label, '') as label
    from {{ ref('form_measures') }}

),

labels as (

    select
        measure_key,
        string_agg(distinct label, ' / ' order by label) filter (where form_version = 'gb2019') as label_gb2019,
        string_agg(distinct label, ' / ' order by label) filter (where form_version = 'gb2021') as label_gb2021,
        string_agg(distinct label, ' / ' order by label) filter (where template = 'legacy_table') as label_legacy
    from printed
    group by measure_key

)

select
    m.measure_key,
    m.domain,
    m.subject,
    m.facet,
    m.period,
    m.base_measure_key,
    m.parent_key,
    m.is_leaf,
    m.subject_rollup,
    m.value_kind,
    m.unit,
    m.applicant_split,
    m.name_zh,
    m.name_en,
    l.label_gb2019,
    l.label_gb2021,
    l.label_legacy,
    m.summary_column,
    m.rollup_check,
    m.sort_order
from {{ ref('measures') }} as m
left join labels as l using (measure_key)
