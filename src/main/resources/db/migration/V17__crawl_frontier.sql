-- The frontier of a crawl job: every URL it found, in the order found (seq), and what became
-- of it. A row is the crawl's checkpoint for its URL: 'queued' is still to visit, 'done' was
-- fetched (or failed to be) and became document doc_index of the job, 'disallowed' was not
-- requested because robots.txt forbids it, 'redirected' was not requested because a redirect
-- from another URL led to it (that URL's document has the page). A page is marked done in the same transaction that
-- writes its document and queues its links, so a crawl resumed after a crash (on any
-- instance) fetches only the rows still queued, and loses no link of a page it has.
-- One row per URL (normalized) and job: a URL found twice is queued once.
create table crawl_frontier (
    job_id      uuid        not null references jobs (id) on delete cascade,
    seq         bigint      generated always as identity,
    url         text        not null,
    depth       integer     not null,
    status      text        not null,
    doc_index   integer,
    -- what the visit found, for pages.jsonl: the last hop's URL and HTTP status (null when no
    -- server answered with one), the title, the links (absolute, at most
    -- jobstream.crawl.max-links-per-page), why it failed, and where its text is in storage
    final_url   text,
    http_status integer,
    title       text,
    links       text[],
    error       text,
    text_key    text,
    fetched_at  timestamptz,
    primary key (job_id, url),
    constraint crawl_frontier_depth check (depth >= 0),
    constraint crawl_frontier_status check (status in ('queued', 'done', 'disallowed', 'redirected')),
    constraint crawl_frontier_done_is_a_document check ((status = 'done') = (doc_index is not null))
);

-- the next URLs to visit, in the order found
create index crawl_frontier_queued on crawl_frontier (job_id, seq) where status = 'queued';
-- pages.jsonl, in document order; and one URL per document
create unique index crawl_frontier_documents on crawl_frontier (job_id, doc_index) where doc_index is not null;
