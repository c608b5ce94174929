package io.jobstream.parsing;

import io.jobstream.parsing.child.ChildProtocol.SplitNext;
import io.jobstream.parsing.child.ChildProtocol.SplitReply;
import io.jobstream.parsing.child.ChildProtocol.SplitRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One split on one child, as {@link ParseSession} is one parse: sends the request, relays each
 * {@code part} reply and the last {@code split}, and fails on {@code failed} or {@code refused}.
 * The child waits after each part until {@link #next()}; the time limit counts the child's own
 * work only, not the time the service takes to keep a part. A cancel, a failure to keep a part
 * ({@link #stop()}) or the time limit kills the child, which ends the read.
 */
final class SplitSession {

    private final ParserProcess child;
    private final SplitRequest request;
    private final Duration timeout;
    private volatile boolean finished;
    private volatile boolean timedOut;
    private long remainingNanos;
    private long runningSince;
    private @Nullable Disposable timer;

    SplitSession(ParserProcess child, SplitRequest request, Duration timeout) {
        this.child = child;
        this.request = request;
        this.timeout = timeout;
        this.remainingNanos = timeout.toNanos();
    }

    void run(FluxSink<SplitReply> sink) {
        // a cancel of the split, or a part that could not be kept (its consumer then cancels this source)
        sink.onCancel(this::stop);
        sink.onDispose(this::pause);
        try {
            resume();
            child.send(request);
            for (SplitReply reply = child.nextReply(SplitReply.class);
                    reply != null;
                    reply = child.nextReply(SplitReply.class)) {
                if (relay(reply, sink)) {
                    return;
                }
            }
            fail(sink);
        } catch (IOException e) {
            fail(sink);
        }
    }

    /** The last part is kept: the child may write the next one. Blocks briefly (a line to the child's stdin). */
    void next() {
        resume();
        try {
            child.send(SplitNext.NEXT);
        } catch (IOException e) {
            // the child is gone: the read waiting on it ends and says why
        }
    }

    /** Kills the child unless it has answered: what is left of the split is not wanted. */
    private void stop() {
        if (!finished) {
            child.kill();
        }
    }

    /** Whether the split is done. */
    private boolean relay(SplitReply reply, FluxSink<SplitReply> sink) {
        switch (reply.type()) {
            case PART -> {
                pause();
                sink.next(reply);
            }
            case SPLIT -> {
                finished = true;
                sink.next(reply);
                sink.complete();
                return true;
            }
            case FAILED -> {
                finished = true;
                sink.error(new ParseFailure(
                        Objects.requireNonNull(reply.reason()), Objects.requireNonNull(reply.message())));
                return true;
            }
            case REFUSED -> {
                finished = true;
                sink.error(new SplitPlanRejected(Objects.requireNonNull(reply.message())));
                return true;
            }
        }
        return false;
    }

    private void fail(FluxSink<SplitReply> sink) {
        if (!sink.isCancelled()) {
            sink.error(ended());
        }
    }

    private synchronized void resume() {
        runningSince = System.nanoTime();
        timer = Schedulers.parallel().schedule(this::timeOut, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
    }

    private synchronized void pause() {
        if (timer != null) {
            timer.dispose();
            timer = null;
            remainingNanos -= System.nanoTime() - runningSince;
        }
    }

    private void timeOut() {
        if (!finished) {
            timedOut = true;
            child.kill();
        }
    }

    /** Why the child went away without an answer. */
    private ParseFailure ended() {
        return ChildEnded.failure(child, request.filename(), "split", timedOut, timeout);
    }
}
