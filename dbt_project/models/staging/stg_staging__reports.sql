-- One row per distinct report: the header fields (the clean text stays in staging).
select
    cast(report_id as varchar) as report_id,
    cast(source_path as varchar) as source_path,
    cast(unit_name as varchar) as unit_name,
    cast(unit_type as varchar) as unit_type,
    cast(county as varchar) as county,
    cast(prefecture as varchar) as prefecture,
    cast(province as varchar) as province,
    cast(report_year as integer) as report_year,
    cast(template as varchar) as template,
    cast(form_version as varchar) as form_version,
    cast(publish_date as date) as publish_date,
    cast(publish_date_source as varchar) as publish_date_source,
    cast(title as varchar) as title,
    coalesce(cast(is_truncated as boolean), false) as is_truncated,
    cast(had_traditional as boolean) as had_traditional,
    cast(hygiene_notes as varchar) as hygiene_notes,
    cast(text_length as bigint) as text_length
from {{ source('staging', 'reports') }}
