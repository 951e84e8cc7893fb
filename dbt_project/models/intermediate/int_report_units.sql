{{ written_by_difference('report_id') }}
-- One row per report: its unit, where the unit sits in the division list, and the keys the
-- panels use. unit_key is the official code of the township (or county-level unit) the unit
-- resolved to, so a unit keeps its key across renames of itself or its county; an unresolved
-- unit is keyed by its name within its county (the listed one, else the stated one).
select
    r.report_id,
    r.report_year,
    r.unit_name,
    r.unit_type,
    r.county as county_stated,
    coalesce(u.unit_level, 'unknown') as unit_level,
    coalesce(u.resolution_status, 'not_in_list') as resolution_status,
    u.resolution_method,
    u.resolution_note,
    u.candidate_count,
    u.township_code,
    t.name as township_listed,
    u.county_code,
    c.name as county_listed,
    coalesce(c.prefecture, r.prefecture) as prefecture,
    coalesce(c.province, r.province) as province,
    c.prefecture_code,
    c.province_code,
    case
        when u.township_code is not null then u.township_code
        when u.unit_level = 'county' and u.resolution_status = 'resolved' then u.county_code
        when r.unit_name is not null
            then 'u' || left(md5(concat_ws('|', r.unit_name, coalesce(u.county_code, r.county, '-'))), 16)
    end as unit_key,
    coalesce(u.county_code, 'c' || left(md5(r.county), 16)) as county_key
from {{ ref('stg_staging__reports') }} as r
left join {{ ref('stg_staging__unit_resolutions') }} as u using (report_id)
left join {{ ref('stg_reference__divisions') }} as t on u.township_code = t.code
left join {{ ref('stg_reference__divisions') }} as c on u.county_code = c.code
