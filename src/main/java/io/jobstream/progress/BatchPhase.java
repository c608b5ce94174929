package io.jobstream.progress;

/**
 * The phases of a batch's stream ({@link BatchFeed}): when it owes its client the batch's
 * state, and when it ends. A state follows each run of its jobs' events; a finished state is
 * sent only once every event of the batch has been sent, and it is the last message.
 * {@code BatchPhaseTest} holds the whole table.
 */
enum BatchPhase {
    /** Nothing but events sent yet: the batch's state is owed after the first read (or at once, for a new stream). */
    OPENING,
    /** A state after each run of events. */
    FOLLOWING,
    /**
     * Every job has finished, but events of the batch are not readable yet (an older
     * transaction still runs): no state until they are, and the state is looked at again
     * after every read.
     */
    FINISHING,
    /** The last state went out: every job finished, every event sent. */
    ENDED;

    /** Whether a read that {@code delivered} events (or none) ends with the batch's state. */
    boolean owesState(boolean delivered) {
        return switch (this) {
            case OPENING, FINISHING -> true;
            case FOLLOWING -> delivered;
            case ENDED -> false;
        };
    }

    /** The phase once the state is known: whether the batch has {@code finished}, and its events were {@code allSent}. */
    static BatchPhase after(boolean finished, boolean allSent) {
        if (!finished) {
            return FOLLOWING;
        }
        return allSent ? ENDED : FINISHING;
    }

    /** Whether the state that put the stream in this phase goes to the client: not while the batch's last events are unread. */
    boolean sendsState() {
        return this != FINISHING;
    }
}
