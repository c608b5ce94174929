package io.jobstream.progress;

import io.jobstream.job.Caller;
import io.jobstream.progress.StreamReader.Follower;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows all of a caller's jobs (an admin: every job), optionally filtered by status, type
 * or batch. Events come in stream order (transaction, job, seq; see {@link StreamPosition}),
 * read from the event log a page at a time, only as fast as the client takes them; a client
 * that leaves new events unread for too long is closed and resumes from its last event id.
 * Nothing is missed between the first read and the live part: the wake-ups are subscribed
 * first, and every read starts where the last one ended, from an immutable
 * {@link StreamCursor} that each read hands to the next.
 */
@Service
public class AllJobsFeed {

    private final StreamReader reader;

    AllJobsFeed(StreamReader reader) {
        this.reader = reader;
    }

    /**
     * The caller's events that match {@code filter}: after {@code after} (a client's
     * {@code Last-Event-ID}), or from now, announced by a {@link JobsFeedItem.Ready} that
     * carries the position to resume from. Never ends on its own.
     */
    public Flux<JobsFeedItem> follow(Caller caller, StreamFilter filter, @Nullable StreamPosition after) {
        return Flux.defer(() -> {
            Follower follower = reader.follower(caller, filter);
            Mono<Round> first = after != null ? read(follower, StreamCursor.at(after)) : ready();
            Flux<JobsFeedItem> items = first.expand(round ->
                            reader.whenDue(follower, round.full(), Mono.defer(() -> read(follower, round.cursor()))))
                    .concatMapIterable(Round::items, 1);
            return reader.followed(follower, filter.batchId(), items);
        });
    }

    /** A stream that starts now says where it starts, and reads at the next wake-up. */
    private Mono<Round> ready() {
        return reader.start()
                .map(start -> new Round(List.of(new JobsFeedItem.Ready(start)), StreamCursor.at(start), false));
    }

    private Mono<Round> read(Follower follower, StreamCursor cursor) {
        return reader.read(follower, cursor).map(page -> new Round(page.items(), page.next(), page.full()));
    }

    /** What one read sends, and where the next one starts: at once if this one came full. */
    private record Round(List<JobsFeedItem> items, StreamCursor cursor, boolean full) {}
}
