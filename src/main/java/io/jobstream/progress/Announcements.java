package io.jobstream.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one stream of many jobs has been told and how far it has read: the newest
 * transaction announced to it, and the horizon of its last read that came up to the
 * horizon. An announced event becomes readable only once the horizon passes it, which sends
 * no notification; {@link #waitsFor} tells when an advance of the horizon is news for this
 * stream. Announcements arrive on the listener's thread, reads note their horizon on theirs.
 */
final class Announcements {

    private final AtomicLong newest = new AtomicLong();
    private volatile long readableBelow;

    /** A transaction wrote an event this stream shows (or one committed beyond a read's horizon). */
    void announced(long txid) {
        newest.accumulateAndGet(txid, Math::max);
    }

    long newest() {
        return newest.get();
    }

    /** A read found every event below {@code horizon} that it could show. */
    void readBelow(long horizon) {
        readableBelow = horizon;
    }

    long readableBelow() {
        return readableBelow;
    }

    /** True when the horizon has moved past an announced event this stream could not read yet. */
    boolean waitsFor(long newHorizon) {
        long announced = newest.get();
        return announced >= readableBelow && announced < newHorizon;
    }
}
