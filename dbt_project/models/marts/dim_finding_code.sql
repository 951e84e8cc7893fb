-- What each finding code means, its severity when it fails, and where the rule comes from.
select
    check_code,
    name_en,
    meaning,
    severity,
    scope,
    source
from {{ ref('finding_codes') }}
