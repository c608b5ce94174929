package io.jobstream.dispatch;

import java.util.UUID;

/** One delivered start command; {@link #acknowledge()} lets the channel move past it. */
public record StartCommand(UUID jobId, Runnable acknowledgement) {

    public void acknowledge() {
        acknowledgement.run();
    }
}
