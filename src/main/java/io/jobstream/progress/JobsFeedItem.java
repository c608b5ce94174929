package io.jobstream.progress;

import io.jobstream.job.BatchSummary;

/** What a follower of many jobs receives ({@link AllJobsFeed}, {@link BatchFeed}). */
public sealed interface JobsFeedItem {

    /** Where a stream resumes after this item. */
    StreamPosition position();

    /** A stream that starts now: resume from here. */
    record Ready(StreamPosition position) implements JobsFeedItem {}

    /** One event of one job. */
    record Event(StreamEvent event) implements JobsFeedItem {
        @Override
        public StreamPosition position() {
            return event.position();
        }
    }

    /**
     * A batch's counts and progress, after the events up to {@code position}; {@code last}
     * when every job has finished (then all their events have been sent).
     */
    record BatchState(BatchSummary batch, StreamPosition position, boolean last) implements JobsFeedItem {}
}
