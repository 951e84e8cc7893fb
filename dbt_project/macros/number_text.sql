{#- A number as people write it in a message: 12, not 12.0; 160.5964 stays as is. -#}
{% macro number_text(expr) -%}
case when ({{ expr }}) = round({{ expr }}) then cast(cast({{ expr }} as bigint) as varchar)
     else cast({{ expr }} as varchar) end
{%- endmacro %}
