-- One row per county-level or township-level unit of the division list (NBS 2023 codes).
select
    cast(level as varchar) as level,
    cast(code as varchar) as code,
    cast(name as varchar) as name,
    cast(type as varchar) as unit_type,
    cast(county_code as varchar) as county_code,
    cast(county as varchar) as county,
    cast(prefecture_code as varchar) as prefecture_code,
    cast(prefecture as varchar) as prefecture,
    cast(province_code as varchar) as province_code,
    cast(province as varchar) as province
from {{ source('reference', 'divisions') }}
