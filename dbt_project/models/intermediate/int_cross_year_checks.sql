-- Cross-year checks of one unit (domain.md §2.6 X1, X2, X5): one row per comparison between a
-- report and the same unit's report of the previous year. Table values only; a NULL input makes
-- the comparison not_assessable, never a failure. outcome is 'pass', 'fail' or 'not_assessable';
-- quality_findings keeps the last two. Breaks are recorded, never repaired.
with reports as (

    select * from {{ ref('stg_staging__reports') }}
    where unit_name is not null and report_year is not null

),

measures as (

    select * from {{ ref('int_report_measures') }}

),

-- the same unit (unit_name and county, NULL county matching NULL) in consecutive years
year_pairs as (

    select
        cur.report_id,
        prev.report_id    as prev_report_id,
        cur.report_year,
        prev.report_year  as prev_year,
        cur.template,
        prev.template     as prev_template,
        cur.form_version,
        prev.form_version as prev_form_version
    from reports as cur
    join reports as prev
        on prev.unit_name = cur.unit_name
       and prev.county is not distinct from cur.county
       and prev.report_year = cur.report_year - 1

),

-- X1: 四、结转下年度继续办理 of y−1 = 二、上年结转 of y, per applicant column printed by either report
x1_columns as (

    select p.report_id, p.prev_report_id, p.report_year, p.prev_year, m.applicant_type
    from year_pairs as p
    join measures as m
        on (m.report_id = p.prev_report_id and m.measure_key = 'app.carried_out')
        or (m.report_id = p.report_id and m.measure_key = 'app.carried_in')
    where p.template in ('form_2019', 'form_2021')
      and p.prev_template in ('form_2019', 'form_2021')
    group by all

),

x1_values as (

    select
        c.*,
        prev_m.table_value as prev_carried_out,
        cur_m.table_value  as carried_in
    from x1_columns as c
    left join measures as prev_m
        on prev_m.report_id = c.prev_report_id and prev_m.measure_key = 'app.carried_out'
       and prev_m.applicant_type = c.applicant_type
    left join measures as cur_m
        on cur_m.report_id = c.report_id and cur_m.measure_key = 'app.carried_in'
       and cur_m.applicant_type = c.applicant_type

),

x1_carry_over as (

    select
        report_id, prev_report_id, 'X1' as check_code, 'app.carried_in' as measure, applicant_type,
        {{ number_text('prev_carried_out') }} as expected,
        {{ number_text('carried_in') }}       as actual,
        case
            when prev_carried_out is null or carried_in is null then 'not_assessable'
            when prev_carried_out <> carried_in then 'fail'
            else 'pass'
        end as outcome,
        'Applications carried over, column ' || applicant_type || ': the '
            || cast(prev_year as varchar) || ' report carries '
            || coalesce({{ number_text('prev_carried_out') }}, 'a blank') || ' into the next year (四、结转下年度继续办理), but the '
            || cast(report_year as varchar) || ' report takes in '
            || coalesce({{ number_text('carried_in') }}, 'a blank') || ' from the previous year (二、上年结转)' as message
    from x1_values

),

-- X2 (soft): 现行有效件数(y) = 现行有效件数(y−1) + 本年制发件数(y) − 本年废止件数(y), 2021 form both years
x2_values as (

    select
        p.report_id, p.prev_report_id, p.report_year, p.prev_year, d.doc_kind, d.doc_label,
        max(m.table_value) filter (where m.report_id = p.prev_report_id
                                     and m.measure_key = 'pub.' || d.doc_kind || '.in_force') as prev_in_force,
        max(m.table_value) filter (where m.report_id = p.report_id
                                     and m.measure_key = 'pub.' || d.doc_kind || '.issued')   as issued,
        max(m.table_value) filter (where m.report_id = p.report_id
                                     and m.measure_key = 'pub.' || d.doc_kind || '.repealed') as repealed,
        max(m.table_value) filter (where m.report_id = p.report_id
                                     and m.measure_key = 'pub.' || d.doc_kind || '.in_force') as in_force
    from year_pairs as p
    cross join (values ('rule', '规章'), ('normdoc', '行政规范性文件')) as d(doc_kind, doc_label)
    left join measures as m
        on m.report_id in (p.report_id, p.prev_report_id)
       and m.applicant_type = 'all'
       and m.measure_key like 'pub.' || d.doc_kind || '.%'
    where p.form_version = 'gb2021' and p.prev_form_version = 'gb2021'
    group by all

),

x2_in_force as (

    select
        report_id, prev_report_id, 'X2' as check_code, 'pub.' || doc_kind || '.in_force' as measure,
        'all' as applicant_type,
        {{ number_text('prev_in_force + issued - repealed') }} as expected,
        {{ number_text('in_force') }}                          as actual,
        case
            when prev_in_force is null or issued is null or repealed is null or in_force is null
                then 'not_assessable'
            when prev_in_force + issued - repealed <> in_force then 'fail'
            else 'pass'
        end as outcome,
        doc_label || ' in force (现行有效件数): ' || cast(prev_year as varchar) || ' in force '
            || coalesce({{ number_text('prev_in_force') }}, 'blank') || ' + ' || cast(report_year as varchar)
            || ' issued ' || coalesce({{ number_text('issued') }}, 'blank')
            || ' − repealed ' || coalesce({{ number_text('repealed') }}, 'blank')
            || ' gives ' || coalesce({{ number_text('prev_in_force + issued - repealed') }}, 'an unknown number')
            || ', and the ' || cast(report_year as varchar) || ' report says '
            || coalesce({{ number_text('in_force') }}, 'nothing')
            || ' (soft check: a clean-up 清理 or amendments can explain a gap)' as message
    from x2_values

),

-- X5: legacy 历年累计(y) = 历年累计(y−1) + 本年(y) for 主动公开政府信息数, where a report prints the cumulative column
x5_values as (

    select
        p.report_id, p.prev_report_id, p.report_year, p.prev_year,
        max(m.table_value) filter (where m.report_id = p.prev_report_id
                                     and m.measure_key = 'pub.info_items.total.cumulative') as prev_cumulative,
        max(m.table_value) filter (where m.report_id = p.report_id
                                     and m.measure_key = 'pub.info_items.total')            as annual,
        max(m.table_value) filter (where m.report_id = p.report_id
                                     and m.measure_key = 'pub.info_items.total.cumulative') as cumulative
    from year_pairs as p
    join measures as m
        on m.report_id in (p.report_id, p.prev_report_id)
       and m.applicant_type = 'all'
       and m.measure_key in ('pub.info_items.total', 'pub.info_items.total.cumulative')
    where p.template = 'legacy_table' and p.prev_template = 'legacy_table'
    group by all
    having bool_or(m.measure_key = 'pub.info_items.total.cumulative')

),

x5_cumulative as (

    select
        report_id, prev_report_id, 'X5' as check_code, 'pub.info_items.total.cumulative' as measure,
        'all' as applicant_type,
        {{ number_text('prev_cumulative + annual') }} as expected,
        {{ number_text('cumulative') }}               as actual,
        case
            when prev_cumulative is null or annual is null or cumulative is null then 'not_assessable'
            when prev_cumulative + annual <> cumulative then 'fail'
            else 'pass'
        end as outcome,
        case when cumulative < prev_cumulative then 'Series reset: ' else 'Series break: ' end
            || 'the cumulative count of proactively published items (历年累计) was '
            || coalesce({{ number_text('prev_cumulative') }}, 'blank') || ' in ' || cast(prev_year as varchar)
            || ', plus ' || coalesce({{ number_text('annual') }}, 'blank') || ' published in '
            || cast(report_year as varchar) || ' gives '
            || coalesce({{ number_text('prev_cumulative + annual') }}, 'an unknown number')
            || ', but the ' || cast(report_year as varchar) || ' report says '
            || coalesce({{ number_text('cumulative') }}, 'nothing')
            || ' (recorded as reported, not corrected)' as message
    from x5_values

)

select * from x1_carry_over
union all by name
select * from x2_in_force
union all by name
select * from x5_cumulative
