package io.jobstream.progress;

import io.jobstream.job.Job;
import io.jobstream.job.JobEvent;

/** What a follower of one job receives ({@link SingleJobFeed}). */
public sealed interface JobFeedItem {

    long seq();

    boolean isTerminal();

    /** The job as it is when following starts; {@code seq} is its last event's. */
    record Snapshot(Job job) implements JobFeedItem {
        @Override
        public long seq() {
            return job.lastEventSeq();
        }

        @Override
        public boolean isTerminal() {
            return job.status().isTerminal();
        }
    }

    /** One event of the job's log. */
    record Event(JobEvent event) implements JobFeedItem {
        @Override
        public long seq() {
            return event.seq();
        }

        @Override
        public boolean isTerminal() {
            return event.isTerminal();
        }
    }
}
