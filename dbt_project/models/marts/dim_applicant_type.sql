-- The applicant columns of table 3 (seed applicant_types).
select
    applicant_type,
    label_zh,
    name_en,
    parent_type,
    group_label_zh,
    sort_order
from {{ ref('applicant_types') }}
