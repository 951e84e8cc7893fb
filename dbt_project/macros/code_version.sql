{#- A digest of every model and seed file of the project, and of which tests there are: a report
    an older version of the SQL or of the vocabulary built is rebuilt by the incremental models,
    so an edit leaves no stale rows, and a new test (which reads the rows a run rebuilt) reads
    them all. (Macros are not in dbt's graph: after editing one, run `dbt build --full-refresh`.) -#}
{% macro code_version() -%}
    {%- set parts = [] -%}
    {%- if execute and graph is defined -%}
        {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
            {%- if node.resource_type in ('model', 'seed') -%}
                {%- do parts.append(node.unique_id ~ ':' ~ node.checksum.checksum) -%}
            {%- elif node.resource_type == 'test' -%}
                {%- do parts.append(node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
        {{- local_md5(parts | join('|')) -}}
    {%- else -%}
        no-graph
    {%- endif -%}
{%- endmacro %}
