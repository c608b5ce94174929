package io.jobstream.progress;

import java.util.List;

/**
 * Where a stream of many jobs stands, handed from one read to the next: where the next read
 * starts, and the last event sent (or where the client resumed), which a batch's state is
 * "after". Immutable.
 */
record StreamCursor(StreamPosition next, StreamPosition lastSent) {

    static StreamCursor at(StreamPosition position) {
        return new StreamCursor(position, position);
    }

    /** After sending {@code events}. */
    StreamCursor after(List<StreamEvent> events) {
        return events.isEmpty() ? this : at(events.getLast().position());
    }

    /** Past {@code horizon}, where the read that reached it left nothing unread before it. */
    StreamCursor atLeast(StreamPosition horizon) {
        return next.isBefore(horizon) ? new StreamCursor(horizon, lastSent) : this;
    }
}
