{#- A table computed whole but written by its difference from the last run: one MERGE on the
    model's key updates the rows that differ, inserts the new ones and deletes those gone. For
    tables of one row per report or unit that no group scopes (int_report_units is what the
    groups are made from; mart_rates reads every unit's chosen report): at 100,000 reports
    rewriting int_report_units took 0.8-0.9 s a run, the MERGE 0.3 s, when a report or two
    changed. -#}
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
