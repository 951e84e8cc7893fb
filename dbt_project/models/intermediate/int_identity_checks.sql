{{ incremental_by_group('unit') }}
-- The arithmetic identities of seed measure_identities (domain.md §2.6 C1, X1, X2, X5): per
-- report and applicant column, Σ sign × value of the 'expected' terms = Σ of the 'actual'
-- terms. Terms with year_offset −1 are read from the same unit's report of the previous year.
-- An identity applies when the report shapes print every term and the table prints at least
-- one for the column; a blank term makes it not_assessable, never a failure. Table values only
-- (sentences have other scopes). Breaks are recorded, never repaired. Incremental by unit: a
-- report's checks read its unit's previous report (macros/incremental_by_group.sql).
with identities as (

    select
        *,
        count(*) over (partition by identity) as term_count,
        count(*) over (partition by identity, side) as side_term_count,
        count(distinct measure_key) over (partition by identity, year_offset) as offset_measure_count,
        bool_or(year_offset = -1) over (partition by identity) as needs_previous
    from {{ ref('measure_identities') }}

),

-- the measures an identity reads, in term order (what a finding names and shows as evidence)
identity_measures as (

    select
        identity,
        string_agg(measure_key, ', ' order by first_term) as measures
    from (
        select
            identity,
            measure_key,
            min(term_no) as first_term
        from {{ ref('measure_identities') }}
        group by identity, measure_key
    )
    group by identity

),

reports as (

    select
        r.report_id,
        r.report_year,
        coalesce(r.form_version, r.template) as template_key,
        u.unit_key
    from {{ ref('stg_staging__reports') }} as r
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where r.report_id in ({{ reports_to_rebuild() }})

),

-- the report shapes that print every term of one side (year offset) of an identity
printing_shapes as (

    select
        i.identity,
        i.year_offset,
        f.template_key
    from identities as i
    inner join {{ ref('int_form_measures') }} as f on i.measure_key = f.measure_key
    group by i.identity, i.year_offset, f.template_key
    having count(distinct i.measure_key) = any_value(i.offset_measure_count)

),

this_year as (

    select distinct
        s.identity,
        i.needs_previous,
        r.report_id,
        r.unit_key,
        r.report_year
    from printing_shapes as s
    inner join identities as i on s.identity = i.identity and i.year_offset = 0
    inner join reports as r on s.template_key = r.template_key
    where s.year_offset = 0

),

previous_year as (

    select
        s.identity,
        r.report_id,
        r.unit_key,
        r.report_year
    from printing_shapes as s
    inner join reports as r on s.template_key = r.template_key
    where s.year_offset = -1 and r.unit_key is not null

),

applicable as (

    -- the same unit (resolved code, else name within county) in consecutive years
    select
        c.identity,
        c.report_id,
        p.report_id as prev_report_id,
        c.report_year,
        p.report_year as prev_year
    from this_year as c
    left join previous_year as p
        on
            c.identity = p.identity
            and c.unit_key = p.unit_key
            and p.report_year = c.report_year - 1
    where not c.needs_previous or p.report_id is not null

),

terms as (

    select
        a.*,
        i.check_code,
        i.term_count,
        i.side_term_count,
        i.measure_key,
        i.side,
        i.sign,
        i.year_offset,
        i.term_label,
        i.term_no,
        case when i.year_offset = -1 then a.prev_report_id else a.report_id end as term_report_id,
        case when i.year_offset = -1 then a.prev_year else a.report_year end as term_year
    from applicable as a
    inner join identities as i on a.identity = i.identity

),

term_values as (

    select
        t.*,
        m.applicant_type,
        m.table_value,
        m.is_in_table
    from terms as t
    inner join {{ ref('int_report_measures') }} as m
        on
            t.term_report_id = m.report_id
            and t.measure_key = m.measure_key

),

evaluated as (

    select
        report_id,
        prev_report_id,
        check_code,
        identity,
        applicant_type,
        case
            when count(table_value) filter (where side = 'expected') = any_value(side_term_count) filter (where side = 'expected')
                then sum(sign * table_value) filter (where side = 'expected')
        end as expected_value,
        case
            when count(table_value) filter (where side = 'actual') = any_value(side_term_count) filter (where side = 'actual')
                then sum(sign * table_value) filter (where side = 'actual')
        end as actual_value,
        count(table_value) = any_value(term_count) as all_terms_stated,
        count(*) filter (where side = 'actual') as actual_term_count,
        string_agg(term_text, '' order by term_no) filter (where side = 'expected') as expected_terms,
        string_agg(term_text, '' order by term_no) filter (where side = 'actual') as actual_terms
    from (
        select
            *,
            case when sign < 0 then ' − ' else ' + ' end || term_label
            || case when year_offset = -1 then ' (' || cast(term_year as varchar) || ')' else '' end
            || ' ' || coalesce({{ number_text('table_value') }}, 'blank') as term_text
        from term_values
    )
    group by report_id, prev_report_id, check_code, identity, applicant_type
    having bool_or(is_in_table)

)

select
    e.report_id,
    e.prev_report_id,
    e.check_code,
    e.identity,
    m.measures,
    e.applicant_type,
    {{ number_text('expected_value') }} as expected,
    {{ number_text('actual_value') }} as actual,
    case
        when not e.all_terms_stated then 'not_assessable'
        when e.expected_value <> e.actual_value then 'fail'
        else 'pass'
    end as outcome,
    'Column ' || e.applicant_type || ': ' || coalesce(ltrim(e.expected_terms, ' +'), 'nothing stated')
    || case when e.all_terms_stated then ' = ' || {{ number_text('expected_value') }} else '' end
    || case when e.all_terms_stated and e.expected_value = e.actual_value then ', as ' else ', but ' end
    || coalesce(ltrim(e.actual_terms, ' +'), 'nothing stated')
    || case when e.all_terms_stated and e.actual_term_count > 1 then ' = ' || {{ number_text('actual_value') }} else '' end
        as message
from evaluated as e
inner join identity_measures as m on e.identity = m.identity
