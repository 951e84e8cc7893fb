-- One row per reporting unit (a township, a county-level government, a department …): the
-- unit as the reports name it and where it sits in the division list. Where its reports differ,
-- the most frequent value wins, ties by value, else the least: an arbitrary pick flipped between builds.
-- Incremental by unit (macros/incremental_by_group.sql).
{{ incremental_by_group('unit', row_key='unit_key') }}
select
    unit_key,
    mode(unit_name order by unit_name) as unit_name,
    string_agg(distinct unit_name, ' / ' order by unit_name) as names_reported,
    mode(unit_type order by unit_type) as unit_type,
    mode(unit_level order by unit_level) as unit_level,
    mode(resolution_status order by resolution_status) as resolution_status,
    string_agg(distinct resolution_note, '; ' order by resolution_note) as resolution_notes,
    min(township_code) as township_code,
    min(county_key) as county_key,
    min(county_code) as county_code,
    min(county_listed) as county_listed,
    string_agg(distinct county_stated, ' / ' order by county_stated) as counties_stated,
    min(prefecture) as prefecture,
    min(province) as province,
    count(*) as report_count,
    min(report_year) as first_report_year,
    max(report_year) as last_report_year
from {{ ref('int_report_units') }}
where unit_key is not null and {{ in_groups_to_rebuild('unit_key', 'unit') }}
group by unit_key
