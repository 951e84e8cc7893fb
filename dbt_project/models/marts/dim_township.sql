-- One row per township-level unit: every one of the division list, plus each township-level
-- unit a report names that the list does not have (a merged 撤并 township, a renamed or new
-- one, or a namesake the text does not place): kept, never dropped, with its status. Where its
-- reports differ, the most frequent value wins, ties by value, else the least (never an arbitrary pick).
-- Incremental by unit (macros/incremental_by_group.sql): a township's key is its unit's. A row
-- of the list that no report names changes only with the list, and a new list is a new
-- reference_version: every model is then built anew (--full-refresh).
{{ incremental_by_group('unit', row_key='township_key') }}
with reported as (

    select
        unit_key as township_key,
        min(township_code) as township_code,
        mode(unit_name order by unit_name) as any_name,
        mode(unit_type order by unit_type) as any_type,
        string_agg(distinct unit_name, ' / ' order by unit_name) as names_reported,
        min(county_key) as any_county_key,
        min(county_listed) as any_county,
        min(county_stated) as any_county_stated,
        min(prefecture) as any_prefecture,
        min(province) as any_province,
        mode(resolution_status order by resolution_status) as resolution_status,
        string_agg(distinct resolution_note, '; ' order by resolution_note) as resolution_notes,
        count(*) as report_count,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year
    from {{ ref('int_report_units') }}
    where
        unit_level = 'township' and unit_key is not null
        and {{ in_groups_to_rebuild('unit_key', 'unit') }}
    group by unit_key

),

listed as (

    select
        code as township_key,
        code as township_code,
        name as township,
        unit_type as township_type,
        county_code,
        county,
        prefecture,
        province
    from {{ ref('stg_reference__divisions') }}
    where level = 'township' and {{ in_groups_to_rebuild('code', 'unit') }}

)

select
    coalesce(l.township_key, r.township_key) as township_key,
    l.township_code,
    coalesce(l.township, r.any_name) as township,
    coalesce(l.township_type, r.any_type) as township_type,
    coalesce(l.county_code, r.any_county_key) as county_key,
    l.county_code,
    coalesce(l.county, r.any_county, r.any_county_stated) as county,
    coalesce(l.prefecture, r.any_prefecture) as prefecture,
    coalesce(l.province, r.any_province) as province,
    l.township_key is not null as in_list,
    coalesce(r.resolution_status, 'resolved') as resolution_status,
    r.names_reported,
    r.resolution_notes,
    coalesce(r.report_count, 0) as report_count,
    r.first_report_year,
    r.last_report_year
from listed as l
full outer join reported as r using (township_key)
