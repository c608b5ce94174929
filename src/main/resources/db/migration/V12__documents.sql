-- The documents of a job (parse, and later split, crawl, extract): one row each, in the order
-- given, with its own status and outcome. The job's total_documents, processed_count and
-- failed_count follow these rows. A finished document is its own checkpoint: a retry, or a
-- resume on another instance, skips it. Outputs are referenced, never copied: the text is in
-- storage under text_key, the chunks are below.
create table job_documents (
    job_id      uuid        not null references jobs (id) on delete cascade,
    doc_index   integer     not null,
    -- file: a file id; url: the URL; inline: the filename given with the content
    source_kind text        not null,
    source      text        not null,
    status      text        not null,
    error_code  text,
    error       text,
    -- filename, file_type, pages, bytes, sha256, title, author, language
    metadata    jsonb,
    -- [{"page": 1, "characters": 1234, "ocr": false}, ...]
    pages       jsonb,
    chunk_count integer,
    -- where the uploading stage put the document's bytes (a file's own key, or the job's copy
    -- of a URL's or inline content) and the type they came with (a hint for detection)
    input_key   text,
    input_type  text,
    -- the parser's pages (text and headings) that the chunking stage reads
    text_key    text,
    updated_at  timestamptz not null,
    primary key (job_id, doc_index),
    constraint job_documents_index_not_negative check (doc_index >= 0),
    constraint job_documents_source_kind check (source_kind in ('file', 'url', 'inline')),
    constraint job_documents_status check (status in ('queued', 'processing', 'completed', 'failed')),
    constraint job_documents_failed_has_error check ((status = 'failed') = (error_code is not null))
);

-- Chunks of the documents' text, for the chunks.jsonl artifact, embedding and search.
-- Vectors are real[] (384 dimensions, unit length): pgvector is used only where the
-- operator's PostgreSQL has it, which a plain migration cannot assume.
create table document_chunks (
    job_id         uuid    not null,
    document_index integer not null,
    chunk_index    integer not null,
    text           text    not null,
    page_start     integer not null,
    page_end       integer not null,
    char_start     integer not null,
    char_end       integer not null,
    heading        text,
    embedding      real[],
    primary key (job_id, document_index, chunk_index),
    foreign key (job_id, document_index) references job_documents (job_id, doc_index) on delete cascade,
    constraint document_chunks_pages check (page_start >= 1 and page_end >= page_start),
    constraint document_chunks_chars check (char_start >= 0 and char_end >= char_start)
);
