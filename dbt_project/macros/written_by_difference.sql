{#- A table computed whole but written by its difference from the last run: one MERGE on the
    model's key updates the rows that differ, inserts the new ones and deletes those gone. For
    the models of one row per report, unit or county that no group scopes (they are what the
    groups are made from, or read every group): at 100,000 reports rewriting such a table took
    0.3-1.7 s a run, where one new report changes a row or two. -#}
{% macro written_by_difference(unique_key) -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key=unique_key,
        on_schema_change='sync_all_columns',
        merge_clauses={
            'when_matched': [{'condition': 'DBT_INTERNAL_DEST is distinct from DBT_INTERNAL_SOURCE',
                              'action': 'update', 'mode': 'by_name'}],
            'when_not_matched': [{'action': 'insert', 'mode': 'by_name'},
                                 {'by': 'source', 'action': 'delete'}]
        }
    ) }}
{%- endmacro %}
