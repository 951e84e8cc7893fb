-- One row per input file. The decoded text stays in raw; downstream needs only its status.
-- report_id only for a report that was extracted (a file quarantined by the extraction guard
-- keeps its id in raw, for incremental builds, but has no report downstream).
select
    cast(source_path as varchar) as source_path,
    cast(size_bytes as bigint) as size_bytes,
    cast(content_hash as varchar) as content_hash,
    cast(encoding as varchar) as encoding,
    length(text) as text_length,
    cast(status as varchar) as status,
    cast(reason as varchar) as reason,
    cast(case
        when report_id in (select r.report_id from {{ source('staging', 'reports') }} as r) then report_id
    end as varchar) as report_id,
    cast(duplicate_of as varchar) as duplicate_of
from {{ source('raw', 'raw_reports') }}
