-- One row per data-quality finding (domain.md §2.5–2.6). Inconsistent source data is recorded
-- here, never raised as a failing test. What each code means and its severity are data
-- (dim_finding_code); a check whose inputs include a NULL is NOT_ASSESSABLE (severity info).
-- Incremental by unit (macros/incremental_by_group.sql): U1 and the cross-year identities read
-- the unit's other reports; the QUARANTINE findings, which no report owns, are made every run.
{{ incremental_by_group('unit', always="check_code = 'QUARANTINE'") }}
with reports as (

    select * from {{ ref('stg_staging__reports') }}
    where report_id in ({{ reports_to_rebuild() }})

),

arithmetic as (

    -- C1, X1, X2, X5 (identities; cross-year ones name the previous report in detail_ref) and
    -- C2, C3, C4 (sums printed on the form)
    select
        report_id,
        check_code,
        measures as measure,
        applicant_type,
        expected,
        actual,
        outcome,
        message,
        prev_report_id as detail_ref
    from {{ ref('int_identity_checks') }}
    where outcome in ('fail', 'not_assessable') and report_id in (select r.report_id from reports as r)

    union all by name

    select
        report_id,
        check_code,
        measure,
        applicant_type,
        expected,
        actual,
        outcome,
        message,
        null as detail_ref
    from {{ ref('int_rollup_checks') }}
    where outcome in ('fail', 'not_assessable') and report_id in (select r.report_id from reports as r)

),

c7_narrative_vs_table as (

    select
        report_id,
        'C7' as check_code,
        measure_key as measure,
        applicant_type,
        {{ number_text('table_value') }} as expected,
        {{ number_text('narrative_value') }} as actual,
        'fail' as outcome,
        'The table says ' || {{ number_text('table_value') }} || ' but the text says '
        || {{ number_text('narrative_value') }} || ' (scopes may differ; the summary keeps the '
        || chosen_source || ' value)' as message,
        null as detail_ref
    from {{ ref('int_report_measures') }}
    where sources_disagree and report_id in (select r.report_id from reports as r)

),

c7_sentence_vs_glued_cell as (

    -- the table cell is glued and left NULL, yet none of its readings gives the sentence's number
    select
        report_id,
        'C7' as check_code,
        measure_key as measure,
        applicant_type,
        'a reading of the glued table cell' as expected,
        {{ number_text('value') }} as actual,
        'fail' as outcome,
        'The text says ' || {{ number_text('value') }}
        || ', which no reading of the report''s own glued table cell allows; the sentence is not used'
            as message,
        measure_id as detail_ref
    from {{ ref('int_measures') }}
    where source = 'narrative' and contradicts_table and report_id in (select r.report_id from reports as r)

),

c9_form_vs_year as (

    -- the report year is outside the years its form version is expected for
    select
        r.report_id,
        'C9' as check_code,
        'form_version' as measure,
        'all' as applicant_type,
        (
            select string_agg(e.template_key, ' or ' order by e.sort_order)
            from {{ ref('dim_form_version') }} as e
            where r.report_year between coalesce(e.expected_from_year, 0) and coalesce(e.expected_to_year, 9999)
        ) as expected,
        f.template_key as actual,
        'fail' as outcome,
        null as detail_ref
    from reports as r
    inner join {{ ref('dim_form_version') }} as f on f.template_key = coalesce(r.form_version, r.template)
    where not r.report_year between coalesce(f.expected_from_year, 0) and coalesce(f.expected_to_year, 9999)

),

t1_timeliness as (

    select
        report_id,
        'T1' as check_code,
        'publish_date' as measure,
        'all' as applicant_type,
        cast(deadline as varchar) as expected,
        cast(publish_date as varchar) as actual,
        'fail' as outcome,
        'Published ' || cast(publish_date as varchar) || ', ' || cast(days_late as varchar)
        || ' days after the deadline ' || cast(deadline as varchar) || ' of rule ' || deadline_rule_id
        || ' (' || deadline_rule || '; ' || deadline_legal_basis || ')' as message,
        deadline_rule_id as detail_ref
    from {{ ref('int_report_deadlines') }}
    where on_time_status = 'late' and report_id in (select r.report_id from reports as r)

),

incomplete_text as (

    select
        report_id,
        'INCOMPLETE' as check_code,
        'text' as measure,
        'all' as applicant_type,
        'complete text' as expected,
        'truncated' as actual,
        'fail' as outcome,
        'The text ends mid-sentence or mid-table: later quantities may be missing' as message,
        null as detail_ref
    from reports
    where is_truncated

),

national_sections as (

    select * from {{ ref('form_sections') }}

),

national_form_reports as (

    -- the templates of the national forms (a form report whose tables were lost has no form version)
    select
        r.report_id,
        r.is_truncated
    from reports as r
    where r.template in (
            select fv.template from {{ ref('form_versions') }} as fv
            where fv.arithmetic_checked
        )

),

sections_found as (

    -- first heading of each national section, in text order
    select
        s.report_id,
        s.section_key,
        min(s.start_offset) as first_offset
    from {{ ref('stg_staging__sections') }} as s
    where
        s.section_key in (select ns.section_key from national_sections as ns)
        and s.report_id in (select r.report_id from reports as r)
    group by all

),

sections_missing as (

    -- a complete text missing a section is a C8 finding; a cut-off one is INCOMPLETE
    select
        r.report_id,
        case when r.is_truncated then 'INCOMPLETE' else 'C8' end as check_code,
        'sections' as measure,
        'all' as applicant_type,
        'six sections 一 to 六' as expected,
        cast(count(f.section_key) as varchar) || ' of 6' as actual,
        'fail' as outcome,
        case when r.is_truncated then 'The text is cut off and lacks ' else 'The report lacks ' end
        || cast(count(*) filter (where f.section_key is null) as varchar)
        || ' of the six sections of the national form: '
        || string_agg(n.heading, ', ' order by n.section_no) filter (where f.section_key is null) as message,
        null as detail_ref
    from national_form_reports as r
    cross join national_sections as n
    left join sections_found as f on r.report_id = f.report_id and n.section_key = f.section_key
    group by r.report_id, r.is_truncated
    having count(*) filter (where f.section_key is null) > 0

),

sections_order as (

    select
        report_id,
        'C8' as check_code,
        'section_order' as measure,
        'all' as applicant_type,
        '一 to 六 in order' as expected,
        string_agg(numeral, ' ' order by first_offset) as actual,
        'fail' as outcome,
        'The sections of the national form are printed out of order: '
        || string_agg(numeral, ' ' order by first_offset) || ' instead of 一 to 六 in turn' as message,
        null as detail_ref
    from (
        select
            f.report_id,
            f.first_offset,
            n.section_no,
            left(n.heading, 1) as numeral,
            lag(n.section_no) over (partition by f.report_id order by f.first_offset) as previous_no
        from sections_found as f
        inner join national_sections as n using (section_key)
        inner join national_form_reports as r using (report_id)
        where not r.is_truncated
    )
    group by report_id
    having bool_or(section_no < previous_no)

),

ambiguous_cells as (

    -- one finding per glued run of digits (it may span several cells of a row)
    select
        report_id,
        'AMBIGUOUS' as check_code,
        string_agg(
            coalesce(measure_key, table_code || ':' || row_code || ':' || col_code), ', '
            order by start_offset, col_code
        ) as measure,
        'all' as applicant_type,
        'one reading' as expected,
        any_value(candidates) as actual,
        'fail' as outcome,
        'Glued numbers "' || coalesce(any_value(raw_text), '') || '" allow '
        || cast(json_array_length(any_value(candidates)) as varchar)
        || ' readings; the cells are left NULL' as message,
        min(cell_id) as detail_ref
    from {{ ref('stg_staging__table_cells') }}
    where candidates is not null and value_num is null and report_id in (select r.report_id from reports as r)
    group by report_id, table_code, row_code, raw_text, candidates

),

same_unit_year as (

    -- several files cover one unit and year: the ones not chosen for the panel
    select
        y.report_id,
        'U1' as check_code,
        'unit_year' as measure,
        'all' as applicant_type,
        y.chosen_report_id as expected,
        y.report_id as actual,
        'fail' as outcome,
        cast(y.reports_in_unit_year as varchar) || ' reports cover this unit and year; the panel uses '
        || c.source_path || ' (complete, more quantities stated, or published later)' as message,
        y.chosen_report_id as detail_ref
    from {{ ref('int_unit_year_reports') }} as y
    inner join reports as c on y.chosen_report_id = c.report_id
    where not y.is_chosen and y.report_id in (select r.report_id from reports as r)

),

report_findings as (

    select * from arithmetic
    union all by name
    select * from c7_narrative_vs_table
    union all by name
    select * from c7_sentence_vs_glued_cell
    union all by name
    select * from c9_form_vs_year
    union all by name
    select * from t1_timeliness
    union all by name
    select * from incomplete_text
    union all by name
    select * from sections_missing
    union all by name
    select * from sections_order
    union all by name
    select * from ambiguous_cells
    union all by name
    select * from same_unit_year

),

all_findings as (

    select
        f.report_id,
        r.report_year,
        r.source_path,
        f.check_code,
        f.outcome,
        f.measure,
        f.applicant_type,
        f.expected,
        f.actual,
        coalesce(
            f.message,
            'A ' || cast(r.report_year as varchar) || ' report should use ' || coalesce(f.expected, 'no national form')
            || ' but uses ' || f.actual
        ) as message,
        f.detail_ref,
        case when f.outcome = 'not_assessable' then 'info' else c.severity end as severity
    from report_findings as f
    inner join reports as r using (report_id)
    inner join {{ ref('dim_finding_code') }} as c using (check_code)

    union all by name

    select
        q.report_id,
        cast(null as integer) as report_year,
        q.source_path,
        'QUARANTINE' as check_code,
        'fail' as outcome,
        'file' as measure,
        'all' as applicant_type,
        'status ok' as expected,
        q.status as actual,
        coalesce(q.reason, 'quarantined without a reason') as message,
        null as detail_ref,
        case when q.duplicate_of is not null then 'warn' else c.severity end as severity
    from {{ ref('stg_raw__reports') }} as q
    inner join {{ ref('dim_finding_code') }} as c on c.check_code = 'QUARANTINE'
    where q.status = 'quarantined'

)

select
    md5(concat_ws(
        '|', coalesce(report_id, '-'), source_path, check_code, measure, applicant_type, coalesce(detail_ref, '-')
    )) as finding_id,
    report_id,
    report_year,
    source_path,
    check_code,
    case when outcome = 'not_assessable' then 'NOT_ASSESSABLE' else 'FAIL' end as outcome,
    severity,
    measure,
    applicant_type,
    expected,
    actual,
    case
        when outcome = 'not_assessable' then 'Not assessable, a needed cell is blank. ' || message
        else message
    end as message,
    detail_ref
from all_findings
