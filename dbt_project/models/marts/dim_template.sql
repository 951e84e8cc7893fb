-- The four report shapes and the form versions within them (domain.md, the three eras).
-- template_key = coalesce(form_version, template), as in report_summary.template_key.
select
    coalesce(form_version, template) as template_key,
    template,
    form_version,
    description
from (values
    ('narrative',    null,            'Free text; numbers only in sentences (mostly 2008–2018)'),
    ('legacy_table', 'legacy_cn2014', 'Pre-2019 statistics table, national 2014 layout (统计指标/单位/统计数)'),
    ('legacy_table', 'legacy_fj',     'Pre-2019 statistics table, Fujian variant with 历年累计 column'),
    ('legacy_table', 'legacy_other',  'Pre-2019 statistics table, other provincial variant'),
    ('form_2019',    'gb2019',        '2019 national form (试行): 本年新制作数量 / 本年新公开数量 / 对外公开总数量'),
    ('form_2021',    'gb2021',        '2021 national form: 本年制发件数 / 本年废止件数 / 现行有效件数')
) as t(template, form_version, description)
