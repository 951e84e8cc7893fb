{{ incremental_by_group('report') }}
-- One row per report with a report year: the publication deadline of the rule that applies to
-- its unit (seed deadline_rules, which a county office edits) and whether it was met. The most
-- specific rule wins: the longest scope (a division-code prefix of the unit's county), then a
-- rule naming the unit's level over one for any level. Incremental by report
-- (macros/incremental_by_group.sql).
with reports as (

    select
        r.report_id,
        r.report_year,
        r.publish_date,
        u.unit_level,
        u.county_code
    from {{ ref('stg_staging__reports') }} as r
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where r.report_year is not null and r.report_id in ({{ reports_to_rebuild() }})

),

candidates as (

    select
        r.*,
        d.rule_id,
        d.rule_text,
        d.legal_basis,
        d.source_url,
        make_date(r.report_year + 1, d.deadline_month, d.deadline_day) as deadline,
        row_number() over (
            partition by r.report_id
            order by length(coalesce(d.scope_code, '')) desc, d.unit_levels is null, d.rule_id
        ) as pick
    from reports as r
    inner join {{ ref('deadline_rules') }} as d
        on
            r.report_year between coalesce(d.from_report_year, 0) and coalesce(d.to_report_year, 9999)
            and (d.unit_levels is null or list_contains(string_split(d.unit_levels, '|'), r.unit_level))
            and (d.scope_code is null or starts_with(r.county_code, d.scope_code))

)

select
    report_id,
    report_year,
    unit_level,
    publish_date,
    rule_id as deadline_rule_id,
    rule_text as deadline_rule,
    legal_basis as deadline_legal_basis,
    deadline,
    case
        when publish_date is null then 'unknown'
        when publish_date <= deadline then 'on_time'
        else 'late'
    end as on_time_status,
    case when publish_date > deadline then publish_date - deadline end as days_late
from candidates
where pick = 1
