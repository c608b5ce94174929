package io.jobstream.progress;

import io.jobstream.job.BatchService;
import io.jobstream.job.BatchSummary;
import io.jobstream.job.Caller;
import io.jobstream.progress.StreamReader.Follower;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows one batch: its state (counts and progress), its jobs' events in stream order, each
 * run of them followed by the batch's new state, ending after the state in which every job
 * has finished and every event of the batch has been sent ({@link BatchPhase}). Reads go as
 * {@link AllJobsFeed}'s do, from an immutable {@link Round} that each read hands to the next.
 */
@Service
public class BatchFeed {

    private final StreamReader reader;
    private final BatchService batches;

    BatchFeed(StreamReader reader, BatchService batches) {
        this.reader = reader;
        this.batches = batches;
    }

    /**
     * The batch's state first, then its jobs' events and states. Fails with
     * {@code NotFoundException} before any item if the caller may see no such batch.
     */
    public Flux<JobsFeedItem> follow(Caller caller, UUID batchId) {
        return Flux.defer(() -> feed(caller, batchId, null));
    }

    /**
     * {@link #follow} resumed after {@code after}: the missed events first, then the state.
     * Empty when the stream has ended: every job of the batch has finished and every event
     * of it was sent before {@code after}.
     */
    public Mono<Flux<JobsFeedItem>> resume(Caller caller, UUID batchId, StreamPosition after) {
        return batches.summary(caller, batchId)
                .zipWhen(batch -> reader.batchHasEventsAfter(batchId, after))
                .filter(batch -> !batch.getT1().tally().finished() || batch.getT2())
                .map(batch -> Flux.defer(() -> feed(caller, batchId, after)));
    }

    private Flux<JobsFeedItem> feed(Caller caller, UUID batchId, @Nullable StreamPosition after) {
        Follower follower = reader.follower(caller, StreamFilter.batch(batchId));
        Flux<JobsFeedItem> items = open(follower, batchId, after)
                .expand(round -> round.phase() == BatchPhase.ENDED
                        ? Mono.empty()
                        : reader.whenDue(follower, round.more(), Mono.defer(() -> read(follower, batchId, round))))
                .concatMapIterable(Round::items, 1);
        return reader.followed(follower, batchId, items)
                .takeUntil(item -> item instanceof JobsFeedItem.BatchState state && state.last());
    }

    /**
     * Only whether the caller may see the batch first; then, for a new stream, its state
     * where the stream starts, and a read at once; for a resumed one, the first read.
     */
    private Mono<Round> open(Follower follower, UUID batchId, @Nullable StreamPosition after) {
        Mono<Void> visible = batches.check(follower.caller(), batchId);
        if (after != null) {
            Round resumed = new Round(List.of(), StreamCursor.at(after), false, false, BatchPhase.OPENING);
            return visible.then(Mono.defer(() -> read(follower, batchId, resumed)));
        }
        return visible.then(reader.start())
                .doOnNext(start -> follower.announcements().readBelow(start.txid()))
                .flatMap(start -> state(follower, batchId, StreamCursor.at(start), List.of()))
                .map(Round::readingAtOnce);
    }

    /** The next page; after the last page of a run, the batch's state if the phase owes one. */
    private Mono<Round> read(Follower follower, UUID batchId, Round previous) {
        return reader.read(follower, previous.cursor()).flatMap(page -> {
            boolean delivered = previous.delivered() || !page.events().isEmpty();
            if (page.full() || !previous.phase().owesState(delivered)) {
                return Mono.just(new Round(page.items(), page.next(), page.full(), delivered, previous.phase()));
            }
            return state(follower, batchId, page.next(), page.items());
        });
    }

    /**
     * The batch as it is now, after {@code events}. The status is read before the newest
     * event: every job that the status shows finished has its last event in that second
     * read. A finished batch whose newest event is not readable yet sends no state; the
     * stream waits for the horizon to pass that event.
     */
    private Mono<Round> state(Follower follower, UUID batchId, StreamCursor cursor, List<JobsFeedItem> events) {
        return batches.summary(follower.caller(), batchId)
                .zipWhen(
                        batch -> reader.batchLastEventTxid(batchId),
                        (batch, newestTxid) -> new BatchNow(
                                batch,
                                newestTxid,
                                BatchPhase.after(
                                        batch.tally().finished(),
                                        newestTxid < follower.announcements().readableBelow())))
                .doOnNext(now -> awaitLastEvents(follower, now))
                .map(now -> new Round(withState(events, now, cursor), cursor, false, false, now.phase()));
    }

    private void awaitLastEvents(Follower follower, BatchNow now) {
        if (now.phase() == BatchPhase.FINISHING) {
            reader.awaitReadable(follower, now.newestTxid());
        }
    }

    private static List<JobsFeedItem> withState(List<JobsFeedItem> events, BatchNow now, StreamCursor cursor) {
        if (!now.phase().sendsState()) {
            return events;
        }
        List<JobsFeedItem> items = new ArrayList<>(events);
        items.add(new JobsFeedItem.BatchState(now.batch(), cursor.lastSent(), now.phase() == BatchPhase.ENDED));
        return List.copyOf(items);
    }

    /** The batch's tally, the newest transaction with an event of it, and the phase they put the stream in. */
    private record BatchNow(BatchSummary batch, long newestTxid, BatchPhase phase) {}

    /**
     * What one read sends, where the next one starts, whether it starts at once ({@code more}),
     * whether events went out since the last state, and the phase the stream is in.
     */
    private record Round(
            List<JobsFeedItem> items, StreamCursor cursor, boolean more, boolean delivered, BatchPhase phase) {

        Round readingAtOnce() {
            return new Round(items, cursor, true, delivered, phase);
        }
    }
}
