{{ config(materialized='table') }}
-- Closure of the roll-up tree of seed measures: every (ancestor, descendant) pair, itself included
-- at depth 0, so a roll-up finds all its leaves in one join.
with recursive tree (ancestor_key, descendant_key, depth) as (

    select
        measure_key as ancestor_key,
        measure_key as descendant_key,
        0 as depth
    from {{ ref('measures') }}

    union all

    select
        tree.ancestor_key,
        m.measure_key,
        tree.depth + 1
    from tree
    inner join {{ ref('measures') }} as m on tree.descendant_key = m.parent_key

)

select * from tree
