{{ incremental_by_group('report') }}
-- The form's own sums (domain.md §2.6), for report shapes whose arithmetic is checked:
--   roll-ups (C2 outcomes, C4 proceedings): a printed total = the sum of its parts, where each
--     part is the sum of its printed leaves when all are stated, else its own printed subtotal
--     (the 2019 form prints （六）其他处理 as one row; local templates add subtotals);
--   applicant columns (C3): per row, the columns under 总计 add up to it.
-- Parts and leaves come from the vocabulary's tree (seed measures) and the form's printed
-- cells; a blank needed cell makes a check not_assessable. Table values only.
-- Incremental by report (macros/incremental_by_group.sql).
with todo as (

    {{ reports_to_rebuild() }}

),

checked_reports as (

    select
        r.report_id,
        coalesce(r.form_version, r.template) as template_key
    from {{ ref('stg_staging__reports') }} as r
    inner join {{ ref('form_versions') }} as f on r.form_version = f.form_version
    where f.arithmetic_checked and r.report_id in (select t.report_id from todo as t)

),

values_ as (

    -- only the columns the checks read: DuckDB keeps this CTE (read four times) in memory, and
    -- the provenance text would fill it (out of memory at 100,000 reports)
    select
        m.report_id,
        m.measure_key,
        m.applicant_type,
        m.table_value,
        m.is_in_table,
        c.template_key
    from {{ ref('int_report_measures') }} as m
    inner join checked_reports as c using (report_id)

),

rollups as (

    -- a total the table prints, or one the official form prints, when the table prints any of
    -- its parts for the column (a cut-off table leaves it not_assessable, not unchecked)
    select
        v.report_id,
        v.template_key,
        v.applicant_type,
        tree.ancestor_key as rollup_key,
        any_value(total.table_value) as rollup_value,
        any_value(vocab.rollup_check) as check_code,
        any_value(vocab.name_zh) as rollup_name
    from values_ as v
    inner join {{ ref('int_measure_tree') }} as tree on v.measure_key = tree.descendant_key
    inner join {{ ref('measures') }} as vocab on tree.ancestor_key = vocab.measure_key
    inner join {{ ref('int_form_measures') }} as f
        on
            v.template_key = f.template_key
            and tree.ancestor_key = f.measure_key
    left join values_ as total
        on
            v.report_id = total.report_id
            and v.applicant_type = total.applicant_type
            and tree.ancestor_key = total.measure_key
    where
        vocab.rollup_check is not null
        and v.is_in_table
        and tree.depth > 0      -- a part is printed: a lone total (a stale single row) checks nothing
        and (f.is_official or total.is_in_table)
    group by v.report_id, v.template_key, v.applicant_type, tree.ancestor_key

),

-- parts of a roll-up the shape prints (itself or some of its leaves), and their printed leaves
printed_below as (

    select
        f.template_key,
        part.parent_key as rollup_key,
        part.measure_key as part_key,
        d.measure_key as printed_key,
        d.is_leaf
    from {{ ref('measures') }} as part
    inner join {{ ref('int_measure_tree') }} as tree on part.measure_key = tree.ancestor_key
    inner join {{ ref('measures') }} as d on tree.descendant_key = d.measure_key
    inner join {{ ref('int_form_measures') }} as f on d.measure_key = f.measure_key
    where part.parent_key is not null

),

form_parts as (

    select distinct
        template_key,
        rollup_key,
        part_key
    from printed_below

),

printed_leaves as (

    select distinct
        template_key,
        part_key,
        printed_key
    from printed_below
    where is_leaf

),

leaves_per_part as (

    select
        template_key,
        part_key,
        count(distinct printed_key) as leaves_printed_by_form
    from printed_below
    where is_leaf
    group by all

),

-- per report, column and part: the sum of the part's printed leaves and how many are stated
leaf_sums as (

    select
        v.report_id,
        v.applicant_type,
        l.part_key,
        sum(v.table_value) as leaf_sum,
        count(v.table_value) as leaves_stated
    from values_ as v
    inner join printed_leaves as l
        on
            v.template_key = l.template_key
            and v.measure_key = l.printed_key
    group by all

),

part_values as (

    select
        r.report_id,
        r.applicant_type,
        r.rollup_key,
        r.check_code,
        r.rollup_value,
        r.rollup_name,
        p.part_key,
        coalesce(n.leaves_printed_by_form, 0) as leaves_printed_by_form,
        coalesce(ls.leaves_stated, 0) as leaves_stated,
        ls.leaf_sum,
        pv.table_value as part_value
    from rollups as r
    inner join form_parts as p
        on
            r.template_key = p.template_key
            and r.rollup_key = p.rollup_key
    left join leaves_per_part as n
        on
            p.template_key = n.template_key
            and p.part_key = n.part_key
    left join leaf_sums as ls
        on
            r.report_id = ls.report_id
            and r.applicant_type = ls.applicant_type
            and p.part_key = ls.part_key
    left join values_ as pv
        on
            r.report_id = pv.report_id
            and r.applicant_type = pv.applicant_type
            and p.part_key = pv.measure_key

),

rollup_sums as (

    -- grouped from part_values alone (it carries the roll-up's columns): joining rollups again
    -- made DuckDB hold both sides in memory it cannot spill (out of memory at 100,000 reports)
    select
        report_id,
        check_code,
        rollup_key,
        applicant_type,
        any_value(rollup_value) as rollup_value,
        any_value(rollup_name) as rollup_name,
        sum(
            case
                when leaves_printed_by_form > 0 and leaves_stated = leaves_printed_by_form then leaf_sum else part_value
            end
        ) as parts_sum,
        bool_and(leaves_printed_by_form > 0 and leaves_stated = leaves_printed_by_form or part_value is not null)
            as all_parts_stated,
        count(*) as part_count
    from part_values
    group by report_id, check_code, rollup_key, applicant_type

),

rollup_checks as (

    select
        report_id,
        check_code,
        rollup_key as measure,
        applicant_type,
        case when all_parts_stated then {{ number_text('parts_sum') }} end as expected,
        {{ number_text('rollup_value') }} as actual,
        case
            when not all_parts_stated or rollup_value is null then 'not_assessable'
            when parts_sum <> rollup_value then 'fail'
            else 'pass'
        end as outcome,
        'Column ' || applicant_type || ': the ' || cast(part_count as varchar) || ' rows under '
        || rollup_name || ' add up to '
        || case when all_parts_stated then {{ number_text('parts_sum') }} else 'an unknown number' end
        || ', and the report states ' || coalesce({{ number_text('rollup_value') }}, 'a blank') as message
    from rollup_sums

),

-- C3: per printed row, the applicant columns under 总计 add up to it
applicant_parts as (

    select
        applicant_type,
        parent_type
    from {{ ref('applicant_types') }}
    where parent_type is not null

),

split_rows as (

    select
        v.report_id,
        v.measure_key,
        max(v.table_value) filter (where v.applicant_type = p.parent_type) as total_value,
        sum(v.table_value) filter (where v.applicant_type = p.applicant_type) as parts_sum,
        count(v.table_value) filter (where v.applicant_type = p.applicant_type) as parts_stated,
        (select count(*) from applicant_parts) as part_count
    from values_ as v
    inner join {{ ref('measures') }} as vocab using (measure_key)
    cross join applicant_parts as p
    where vocab.applicant_split and v.is_in_table
    group by v.report_id, v.measure_key

),

applicant_checks as (

    select
        report_id,
        'C3' as check_code,
        measure_key as measure,
        'all' as applicant_type,
        case when parts_stated = part_count then {{ number_text('parts_sum') }} end as expected,
        {{ number_text('total_value') }} as actual,
        case
            when parts_stated < part_count or total_value is null then 'not_assessable'
            when parts_sum <> total_value then 'fail'
            else 'pass'
        end as outcome,
        'Table 3, row ' || measure_key || ': the applicant columns add up to '
        || case when parts_stated = part_count then {{ number_text('parts_sum') }} else 'an unknown number' end
        || ', and 总计 says '
        || coalesce({{ number_text('total_value') }}, 'nothing') as message
    from split_rows

),

all_checks as (

    select * from rollup_checks
    union all by name
    select * from applicant_checks

)

select c.*
from all_checks as c
