-- One row per input file. The decoded text stays in raw; downstream needs only its status.
select
    cast(source_path as varchar) as source_path,
    cast(size_bytes as bigint) as size_bytes,
    cast(content_hash as varchar) as content_hash,
    cast(encoding as varchar) as encoding,
    length(text) as text_length,
    cast(status as varchar) as status,
    cast(reason as varchar) as reason,
    cast(report_id as varchar) as report_id,
    cast(duplicate_of as varchar) as duplicate_of
from {{ source('raw', 'raw_reports') }}
