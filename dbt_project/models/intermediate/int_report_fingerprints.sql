{{ config(materialized='table') }}
-- One row per report: a digest of everything extraction and resolution wrote for it, and of the
-- code and vocabulary that build on it. The incremental models rebuild a report when its
-- fingerprint changes (a changed file is a new report id; a re-extraction with another
-- extractor changes the rows under the same id; an edit of a model or seed changes them all).
-- A report's staging rows are written once, by the build named in its staging.reports row (only
-- its source_path changes, when its file moves): their digest is kept from the last run while
-- that build is the same, and computed for the others (at 100,000 reports, hashing every
-- report's text and cells took 0.5-1.5 s a run).
with kept as (

    {{ kept_digests() }}

),

todo as (

    select r.report_id
    from {{ source('staging', 'reports') }} as r
    where r.report_id not in (select k.report_id from kept as k)

),

report_rows as (

    select
        x.report_id,
        hash(x) as digest  -- noqa: RF03
    from (
        select * exclude (source_path)
        from {{ source('staging', 'reports') }}
        where report_id in (select t.report_id from todo as t)
    ) as x

),

cells as (

    select
        c.report_id,
        sum(hash(c)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'table_cells') }} as c
    where c.report_id in (select t.report_id from todo as t)
    group by c.report_id

),

facts as (

    select
        n.report_id,
        sum(hash(n)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'narrative_facts') }} as n
    where n.report_id in (select t.report_id from todo as t)
    group by n.report_id

),

sections as (

    select
        s.report_id,
        sum(hash(s)::hugeint) as digest  -- noqa: RF03
    from {{ source('staging', 'sections') }} as s
    where s.report_id in (select t.report_id from todo as t)
    group by s.report_id

),

digests as (

    select
        t.report_id,
        concat_ws(
            '|',
            r.digest,
            coalesce(c.digest::varchar, '-'),
            coalesce(f.digest::varchar, '-'),
            coalesce(s.digest::varchar, '-')
        ) as content_digest
    from todo as t
    inner join report_rows as r on t.report_id = r.report_id
    left join cells as c on t.report_id = c.report_id
    left join facts as f on t.report_id = f.report_id
    left join sections as s on t.report_id = s.report_id
    union all
    select
        k.report_id,
        k.content_digest
    from kept as k

)

select
    r.report_id,
    r.build_id,
    d.content_digest,
    md5(concat_ws(
        '|', d.content_digest, r.source_path, hash(u), '{{ code_version() }}'  -- noqa: RF02
    )) as fingerprint
from {{ source('staging', 'reports') }} as r
inner join digests as d on r.report_id = d.report_id
left join {{ source('staging', 'unit_resolutions') }} as u on r.report_id = u.report_id
