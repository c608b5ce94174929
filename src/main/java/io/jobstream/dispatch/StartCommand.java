package io.jobstream.dispatch;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One delivered start command, with the trace context it carries; {@link #acknowledge()} lets
 * the channel move past it.
 */
public record StartCommand(UUID jobId, @Nullable String traceparent, Runnable acknowledgement) {

    public void acknowledge() {
        acknowledgement.run();
    }
}
