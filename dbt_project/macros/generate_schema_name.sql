{#- Schemas are named exactly as configured (stg, int, marts): no target-name prefix, so the
    lead's warehouse and a dev file look the same to every reader. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
