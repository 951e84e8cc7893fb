{{ config(materialized='table') }}
-- One row per report: a digest of everything extraction and resolution wrote for it, and of the
-- code and vocabulary that build on it. The incremental models rebuild a report when its
-- fingerprint changes (a changed file is a new report id; a re-extraction with another
-- extractor changes the rows under the same id; an edit of a model or seed changes them all).
with cells as (

    select
        c.report_id,
        sum(hash(c)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'table_cells') }} as c
    group by c.report_id

),

facts as (

    select
        n.report_id,
        sum(hash(n)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'narrative_facts') }} as n
    group by n.report_id

),

sections as (

    select
        s.report_id,
        sum(hash(s)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'sections') }} as s
    group by s.report_id

)

select
    r.report_id,
    md5(concat_ws(
        '|', hash(r), c.digest, f.digest, s.digest, hash(u), '{{ code_version() }}'  -- noqa: RF02
    )) as fingerprint
from {{ source('staging', 'reports') }} as r
left join cells as c on r.report_id = c.report_id
left join facts as f on r.report_id = f.report_id
left join sections as s on r.report_id = s.report_id
left join {{ source('staging', 'unit_resolutions') }} as u on r.report_id = u.report_id
