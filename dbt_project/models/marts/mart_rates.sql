{{ written_by_difference(['scope', 'scope_key', 'report_year', 'rate_code']) }}
-- The rates evaluators use (seed rate_definitions), with their inputs beside them:
--   scope 'unit': one unit's chosen report of a year;
--   scope 'county_townships': the sum over a county's townships that state every input.
-- Minimum-sample rule: a rate is given only when its denominator reaches min_denominator;
-- otherwise rate is NULL and rate_status says why. NULL inputs are never read as 0.
with definitions as (

    select
        rate_code,
        any_value(name_zh) as name_zh,
        any_value(name_en) as name_en,
        any_value(definition) as definition,
        any_value(min_denominator) as min_denominator,
        count(*) filter (where term = 'numerator') as numerator_terms
    from {{ ref('rate_definitions') }}
    group by rate_code

),

chosen as (

    select
        y.report_id,
        y.unit_key,
        y.report_year,
        u.unit_level,
        u.county_key
    from {{ ref('int_unit_year_reports') }} as y
    inner join {{ ref('int_report_units') }} as u using (report_id)
    where y.is_chosen

),

unit_inputs as (

    select
        c.unit_key,
        c.report_year,
        c.unit_level,
        c.county_key,
        c.report_id,
        t.rate_code,
        sum(v.value) filter (where t.term = 'numerator') as numerator,
        count(v.value) filter (where t.term = 'numerator') as numerator_terms_stated,
        max(v.value) filter (where t.term = 'denominator') as denominator
    -- inner joins: a rate with no stated input is dropped by the having clause anyway, and
    -- crossing every chosen report with every definition first cost 2-3 times as much
    from chosen as c
    inner join {{ ref('int_report_values') }} as v on c.report_id = v.report_id
    inner join {{ ref('rate_definitions') }} as t on v.measure_key = t.measure_key
    group by all
    having count(v.value) > 0

),

unit_rates as (

    select
        'unit' as scope,
        i.unit_key as scope_key,
        i.report_year,
        i.rate_code,
        i.report_id,
        case when i.numerator_terms_stated = d.numerator_terms then i.numerator end as numerator,
        i.denominator,
        1 as units_included,
        i.numerator_terms_stated = d.numerator_terms and i.denominator is not null as inputs_complete
    from unit_inputs as i
    inner join definitions as d using (rate_code)

),

county_rates as (

    select
        'county_townships' as scope,
        i.county_key as scope_key,
        i.report_year,
        i.rate_code,
        null as report_id,
        sum(i.numerator) as numerator,
        sum(i.denominator) as denominator,
        count(*) as units_included,
        true as inputs_complete
    from unit_inputs as i
    inner join definitions as d using (rate_code)
    where
        i.unit_level = 'township'
        and i.county_key is not null
        and i.numerator_terms_stated = d.numerator_terms
        and i.denominator is not null
    group by all

),

all_rates as (

    select * from unit_rates
    union all by name
    select * from county_rates

)

select
    r.scope,
    r.scope_key,
    r.report_year,
    r.rate_code,
    d.name_zh,
    d.name_en,
    d.definition,
    r.report_id,
    r.numerator,
    r.denominator,
    d.min_denominator,
    r.units_included,
    case
        -- too few cases decides it, whatever the numerator (未发生行政复议 states a 0 total only)
        when r.denominator < d.min_denominator then 'sample_too_small'
        when not r.inputs_complete then 'not_stated'
        else 'ok'
    end as rate_status,
    case
        when r.inputs_complete and r.denominator >= d.min_denominator and r.denominator > 0
            then round(r.numerator / r.denominator, 4)
    end as rate
from all_rates as r
inner join definitions as d using (rate_code)
