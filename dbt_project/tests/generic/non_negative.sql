{#- Counts can never be negative. Pass a `where` config to leave out signed measures
    (pub.*.items_change). A NULL is "not stated", not a failure. -#}
{% test non_negative(model, column_name) %}
select {{ column_name }} as failing_value
from {{ model }}
where {{ column_name }} < 0
{% endtest %}
