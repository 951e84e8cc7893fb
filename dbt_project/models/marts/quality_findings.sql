-- One row per data-quality finding (domain.md §2.5–2.6). Inconsistent source data is recorded
-- here, never raised as a failing test. Arithmetic checks use table values only (sentences
-- have other scopes), and a check whose inputs include a NULL is NOT_ASSESSABLE, not a failure.
with reports as (

    select * from {{ ref('stg_staging__reports') }}

),

measures as (

    select * from {{ ref('int_report_measures') }}

),

applicant_columns as (

    select * from (values
        ('natural_person'), ('org_commercial'), ('org_research'), ('org_public_welfare'),
        ('org_legal_service'), ('org_other'), ('all')
    ) as t(applicant_type)

),

-- outcome leaves of table 3 common to both forms; （六）其他处理 is handled apart because the
-- 2021 form splits it into three leaves (and stale 2021 layouts still print one row)
common_outcome_leaves as (

    select * from (values
        ('app.out.disclosed'), ('app.out.partial'),
        ('app.out.withheld.state_secret'), ('app.out.withheld.law_prohibited'),
        ('app.out.withheld.security_stability'), ('app.out.withheld.third_party'),
        ('app.out.withheld.internal_affairs'), ('app.out.withheld.process_info'),
        ('app.out.withheld.enforcement_file'), ('app.out.withheld.admin_query'),
        ('app.out.unavailable.not_held'), ('app.out.unavailable.needs_creation'),
        ('app.out.unavailable.unclear'),
        ('app.out.not_processed.petition'), ('app.out.not_processed.duplicate'),
        ('app.out.not_processed.publication'), ('app.out.not_processed.mass_repeat'),
        ('app.out.not_processed.confirm_reissue')
    ) as t(measure_key)

),

table3_reports as (

    select distinct report_id from {{ ref('stg_staging__table_cells') }} where table_code = 't3'

),

table3_present_columns as (

    -- applicant columns the report prints at all (a blank cell counts as printed)
    select distinct report_id, applicant_type
    from {{ ref('stg_staging__table_cells') }}
    where table_code = 't3'

),

table3_cell_rows as (

    select distinct report_id, measure_key
    from {{ ref('stg_staging__table_cells') }}
    where table_code = 't3' and measure_key is not null

),

table3_values as (

    select m.report_id, m.measure_key, m.applicant_type, m.table_value
    from measures as m
    join table3_reports using (report_id)
    where m.measure_key like 'app.%'

),

-- one row per report and applicant column with everything C1 and C2 need
table3_columns as (

    select
        a.report_id,
        a.applicant_type,
        max(v.table_value) filter (where v.measure_key = 'app.new_received')  as new_received,
        max(v.table_value) filter (where v.measure_key = 'app.carried_in')    as carried_in,
        max(v.table_value) filter (where v.measure_key = 'app.total_processed') as total_processed,
        max(v.table_value) filter (where v.measure_key = 'app.carried_out')   as carried_out,
        sum(v.table_value) filter (where v.measure_key in (select measure_key from common_outcome_leaves))
                                                                               as common_leaves_sum,
        count(v.table_value) filter (where v.measure_key in (select measure_key from common_outcome_leaves))
                                                                               as common_leaves_stated,
        max(v.table_value) filter (where v.measure_key = 'app.out.other._total') as other_single_row,
        sum(v.table_value) filter (where v.measure_key in
            ('app.out.other.no_correction', 'app.out.other.fee_unpaid', 'app.out.other.other'))
                                                                               as other_leaves_sum,
        count(v.table_value) filter (where v.measure_key in
            ('app.out.other.no_correction', 'app.out.other.fee_unpaid', 'app.out.other.other'))
                                                                               as other_leaves_stated,
        bool_or(v.measure_key = 'app.out.other._total')                        as prints_single_other_row
    from table3_present_columns as a
    left join table3_values as v
        on v.report_id = a.report_id and v.applicant_type = a.applicant_type
    group by all

),

c1_balance as (

    -- the identity printed on the form: 一 + 二 = 三（七）总计 + 四
    select
        report_id, 'C1' as check_code, 'app.balance' as measure, applicant_type,
        {{ number_text('new_received + carried_in') }}     as expected,
        {{ number_text('total_processed + carried_out') }} as actual,
        case
            when new_received is null or carried_in is null or total_processed is null or carried_out is null
                then 'not_assessable'
            when new_received + carried_in <> total_processed + carried_out then 'fail'
        end as outcome,
        'Table 3, column ' || applicant_type || ': new (一) + carried in (二) should equal total processed (三（七）) + carried out (四)'
            as message
    from table3_columns

),

c2_outcomes as (

    select
        report_id, 'C2' as check_code, 'app.total_processed' as measure, applicant_type,
        {{ number_text('common_leaves_sum + other_part') }} as expected,
        {{ number_text('total_processed') }}                as actual,
        case
            when total_processed is null or common_leaves_stated < (select count(*) from common_outcome_leaves) or other_part is null
                then 'not_assessable'
            when common_leaves_sum + other_part <> total_processed then 'fail'
        end as outcome,
        'Table 3, column ' || applicant_type || ': the outcome rows (予以公开 … 其他处理) should add up to （七）总计'
            as message
    from (
        select
            *,
            -- 2021 leaves when all three are stated, else the single 2019-style row
            case
                when other_leaves_stated = 3 then other_leaves_sum
                when prints_single_other_row then other_single_row
            end as other_part
        from table3_columns
    )

),

c3_applicant_split as (

    select
        r.report_id, 'C3' as check_code, r.measure_key as measure, 'all' as applicant_type,
        {{ number_text("sum(v.table_value) filter (where v.applicant_type <> 'all')") }} as expected,
        {{ number_text("max(v.table_value) filter (where v.applicant_type = 'all')") }}  as actual,
        case
            when count(v.table_value) < 7 then 'not_assessable'
            when sum(v.table_value) filter (where v.applicant_type <> 'all')
                 <> max(v.table_value) filter (where v.applicant_type = 'all') then 'fail'
        end as outcome,
        'Table 3, row ' || r.measure_key || ': the six applicant columns should add up to 总计' as message
    from table3_cell_rows as r
    cross join applicant_columns as a
    left join table3_values as v
        on v.report_id = r.report_id and v.measure_key = r.measure_key and v.applicant_type = a.applicant_type
    group by all

),

table4_blocks as (

    select distinct report_id, split_part(measure_key, '.', 2) as proceeding
    from {{ ref('stg_staging__table_cells') }}
    where table_code = 't4' and measure_key like 'proc.%'

),

c4_proceedings as (

    select
        b.report_id, 'C4' as check_code, 'proc.' || b.proceeding || '.total' as measure, 'all' as applicant_type,
        {{ number_text("sum(m.table_value) filter (where split_part(m.measure_key, '.', 3) <> 'total')") }} as expected,
        {{ number_text("max(m.table_value) filter (where split_part(m.measure_key, '.', 3) = 'total')") }}  as actual,
        case
            when count(m.table_value) filter (where split_part(m.measure_key, '.', 3)
                      in ('upheld', 'corrected', 'other', 'pending', 'total')) < 5 then 'not_assessable'
            when sum(m.table_value) filter (where split_part(m.measure_key, '.', 3) <> 'total')
                 <> max(m.table_value) filter (where split_part(m.measure_key, '.', 3) = 'total') then 'fail'
        end as outcome,
        'Table 4, ' || b.proceeding || ': 维持 + 纠正 + 其他 + 尚未审结 should equal 总计' as message
    from table4_blocks as b
    left join measures as m
        on m.report_id = b.report_id
       and m.measure_key like ('proc.' || b.proceeding || '.%')
       and m.measure_key not like 'proc.%.%.%'     -- legacy cumulative columns are another grain
       and split_part(m.measure_key, '.', 3) in ('upheld', 'corrected', 'other', 'pending', 'total')
    group by all

),

c7_narrative_vs_table as (

    select
        report_id, 'C7' as check_code, measure_key as measure, applicant_type,
        {{ number_text('table_value') }}     as expected,
        {{ number_text('narrative_value') }} as actual,
        'fail' as outcome,
        'The table says ' || {{ number_text('table_value') }} || ' but the text says '
            || {{ number_text('narrative_value') }} || ' (scopes may differ; the summary keeps the '
            || chosen_source || ' value)' as message
    from measures
    where sources_disagree

),

c7_sentence_vs_glued_cell as (

    -- the table cell is glued and left NULL, yet none of its readings gives the sentence's number
    select
        report_id, 'C7' as check_code, measure_key as measure, applicant_type,
        'a reading of the glued table cell' as expected,
        {{ number_text('value') }}           as actual,
        'fail' as outcome,
        'The text says ' || {{ number_text('value') }}
            || ', which no reading of the report''s own glued table cell allows; the sentence is not used'
            as message,
        measure_id as detail_ref
    from {{ ref('int_measures') }}
    where source = 'narrative' and contradicts_table

),

c9_form_vs_year as (

    select
        report_id, 'C9' as check_code, 'form_version' as measure, 'all' as applicant_type,
        expected_form as expected,
        coalesce(form_version, template) as actual,
        'fail' as outcome,
        'A ' || cast(report_year as varchar) || ' report should use ' || expected_form
            || ' but uses ' || coalesce(form_version, template) as message
    from (
        select
            *,
            case
                when report_year >= 2021 then 'gb2021'
                when report_year >= 2019 then 'gb2019'
                else 'a pre-2019 layout (narrative or legacy table)'
            end as expected_form
        from reports
        where report_year is not null
    )
    where (report_year >= 2019 and coalesce(form_version, '') <> expected_form)
       or (report_year < 2019 and form_version in ('gb2019', 'gb2021'))

),

t1_timeliness as (

    select
        r.report_id, 'T1' as check_code, 'publish_date' as measure, 'all' as applicant_type,
        cast(y.statutory_deadline as varchar) as expected,
        cast(r.publish_date as varchar)       as actual,
        'fail' as outcome,
        'Published ' || cast(r.publish_date as varchar) || ', after the statutory deadline '
            || cast(y.statutory_deadline as varchar) || ' (local township deadlines may differ)' as message
    from reports as r
    join {{ ref('dim_year') }} as y using (report_year)
    where r.publish_date > y.statutory_deadline

),

incomplete_text as (

    select
        report_id, 'INCOMPLETE' as check_code, 'text' as measure, 'all' as applicant_type,
        'complete text' as expected, 'truncated' as actual, 'fail' as outcome,
        'The text ends mid-sentence or mid-table: later quantities may be missing' as message
    from reports
    where is_truncated

),

missing_sections as (

    -- the national forms have six numbered sections (s1..s6)
    select
        r.report_id, 'INCOMPLETE' as check_code, 'sections' as measure, 'all' as applicant_type,
        's1..s6' as expected,
        coalesce(string_agg(distinct s.section_key, ',' order by s.section_key), 'none') as actual,
        'fail' as outcome,
        'Sections of the national form are missing (found: '
            || coalesce(string_agg(distinct s.section_key, ',' order by s.section_key), 'none') || ')' as message
    from reports as r
    left join {{ ref('stg_staging__sections') }} as s
        on s.report_id = r.report_id and s.section_key in ('s1', 's2', 's3', 's4', 's5', 's6')
    where r.template in ('form_2019', 'form_2021')
      and r.is_truncated              -- a complete text missing a section is a C8 finding instead
    group by r.report_id
    having count(distinct s.section_key) < 6

),

national_sections as (

    select * from (values
        ('s1', 1, '一、总体情况'),
        ('s2', 2, '二、主动公开政府信息情况'),
        ('s3', 3, '三、收到和处理政府信息公开申请情况'),
        ('s4', 4, '四、政府信息公开行政复议、行政诉讼情况'),
        ('s5', 5, '五、存在的主要问题及改进情况'),
        ('s6', 6, '六、其他需要报告的事项')
    ) as t(section_key, section_no, heading)

),

-- C8 applies to national-form reports whose text is complete (a truncated one is INCOMPLETE)
c8_reports as (

    select report_id from reports
    where template in ('form_2019', 'form_2021') and not is_truncated

),

c8_found as (

    -- first heading of each national section, in text order
    select
        s.report_id, s.section_key, min(s.start_offset) as first_offset
    from {{ ref('stg_staging__sections') }} as s
    join c8_reports using (report_id)
    where s.section_key in (select section_key from national_sections)
    group by all

),

c8_missing as (

    select
        r.report_id, 'C8' as check_code, 'sections' as measure, 'all' as applicant_type,
        'six sections 一 to 六' as expected,
        cast(count(f.section_key) as varchar) || ' of 6' as actual,
        'fail' as outcome,
        'The report lacks ' || cast(count(*) filter (where f.section_key is null) as varchar)
            || ' of the six sections of the national form: '
            || string_agg(n.heading, ', ' order by n.section_no) filter (where f.section_key is null)
            as message
    from c8_reports as r
    cross join national_sections as n
    left join c8_found as f on f.report_id = r.report_id and f.section_key = n.section_key
    group by r.report_id
    having count(*) filter (where f.section_key is null) > 0

),

c8_order as (

    select
        report_id, 'C8' as check_code, 'section_order' as measure, 'all' as applicant_type,
        '一 to 六 in order' as expected,
        string_agg(numeral, ' ' order by first_offset) as actual,
        'fail' as outcome,
        'The sections of the national form are printed out of order: '
            || string_agg(numeral, ' ' order by first_offset) || ' instead of 一 to 六 in turn' as message
    from (
        select
            f.report_id, f.first_offset, n.section_no, left(n.heading, 1) as numeral,
            lag(n.section_no) over (partition by f.report_id order by f.first_offset) as previous_no
        from c8_found as f
        join national_sections as n using (section_key)
    )
    group by report_id
    having bool_or(section_no < previous_no)

),

cross_year as (

    -- X1, X2, X5: compared with the same unit's report of the previous year (named in detail_ref)
    select
        report_id, check_code, measure, applicant_type, expected, actual, outcome, message,
        prev_report_id as detail_ref
    from {{ ref('int_cross_year_checks') }}
    where outcome in ('fail', 'not_assessable')

),

ambiguous_cells as (

    -- one finding per glued run of digits (it may span several cells of a row)
    select
        report_id, 'AMBIGUOUS' as check_code,
        string_agg(coalesce(measure_key, table_code || ':' || row_code || ':' || col_code), ', '
                   order by start_offset, col_code) as measure,
        'all' as applicant_type,
        'one reading' as expected, any_value(candidates) as actual, 'fail' as outcome,
        'Glued numbers "' || coalesce(any_value(raw_text), '') || '" allow '
            || cast(json_array_length(any_value(candidates)) as varchar)
            || ' readings; the cells are left NULL' as message,
        min(cell_id) as detail_ref
    from {{ ref('stg_staging__table_cells') }}
    where candidates is not null and value_num is null
    group by report_id, table_code, row_code, raw_text, candidates

),

quarantined_files as (

    select
        report_id, source_path, 'QUARANTINE' as check_code, 'file' as measure, 'all' as applicant_type,
        'status ok' as expected, status as actual, 'fail' as outcome,
        coalesce(reason, 'quarantined without a reason') as message,
        case when duplicate_of is not null then 'warn' else 'error' end as severity
    from {{ ref('stg_raw__reports') }}
    where status = 'quarantined'

),

report_findings as (

    select *, null as detail_ref from c1_balance
    union all by name select *, null as detail_ref from c2_outcomes
    union all by name select *, null as detail_ref from c3_applicant_split
    union all by name select *, null as detail_ref from c4_proceedings
    union all by name select *, null as detail_ref from c7_narrative_vs_table
    union all by name select *, null as detail_ref from c9_form_vs_year
    union all by name select *, null as detail_ref from t1_timeliness
    union all by name select *, null as detail_ref from incomplete_text
    union all by name select *, null as detail_ref from missing_sections
    union all by name select *, null as detail_ref from c8_missing
    union all by name select *, null as detail_ref from c8_order
    union all by name select * from cross_year
    union all by name select * from c7_sentence_vs_glued_cell
    union all by name select * from ambiguous_cells

),

all_findings as (

    select
        f.*,
        r.source_path,
        case
            when f.outcome = 'not_assessable' then 'info'
            when f.check_code in ('C1', 'C2', 'C3', 'C4') then 'error'
            when f.check_code = 'X2' then 'info'   -- soft: 清理 and amendments break it legitimately
            else 'warn'
        end as severity
    from report_findings as f
    join reports as r using (report_id)
    where f.outcome is not null          -- a passing check is not a finding

    union all by name

    select *, null as detail_ref from quarantined_files

)

select
    md5(concat_ws('|', coalesce(report_id, '-'), source_path, check_code, measure, applicant_type,
                  coalesce(detail_ref, '-'))) as finding_id,
    report_id,
    source_path,
    check_code,
    case when outcome = 'not_assessable' then 'NOT_ASSESSABLE' else 'FAIL' end as outcome,
    severity,
    measure,
    applicant_type,
    expected,
    actual,
    case when outcome = 'not_assessable'
         then 'Not assessable, a needed cell is blank. ' || message
         else message end as message,
    detail_ref
from all_findings
