package io.jobstream.parsing;

import io.jobstream.parsing.child.ChildProtocol.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One document on one child: sends the request (of any kind of the child protocol), then relays
 * the child's replies into the sink until the document is answered (parsed, or read as a page)
 * or has failed, which ends the sink with a {@link ParseFailure}. Blocks its thread on the
 * child's stdout, so it runs on the parser's scheduler. A cancel or the time limit kills the
 * child, which ends the read.
 */
final class ParseSession {

    private final ParserProcess child;
    private final Object request;
    private final String filename;
    private final Duration timeout;
    private volatile boolean finished;
    private volatile boolean timedOut;

    /** {@code filename} names the document in failures. */
    ParseSession(ParserProcess child, Object request, String filename, Duration timeout) {
        this.child = child;
        this.request = request;
        this.filename = filename;
        this.timeout = timeout;
    }

    void run(FluxSink<Reply> sink) {
        sink.onCancel(this::cancel);
        Disposable timer = Schedulers.parallel().schedule(this::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        sink.onDispose(timer);
        try {
            child.send(request);
            for (Reply reply = child.nextReply(); reply != null; reply = child.nextReply()) {
                if (relay(reply, sink)) {
                    return;
                }
            }
            fail(sink);
        } catch (IOException e) {
            fail(sink);
        }
    }

    private void fail(FluxSink<Reply> sink) {
        if (!sink.isCancelled()) {
            sink.error(ended());
        }
    }

    /** Whether the document is done. */
    private boolean relay(Reply reply, FluxSink<Reply> sink) {
        switch (reply.type()) {
            case PROGRESS -> sink.next(reply);
            case PARSED, PAGE -> {
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
            case READY -> {
                // only sent once, at start-up
            }
        }
        return false;
    }

    private void cancel() {
        if (!finished) {
            child.kill();
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
        return ChildEnded.failure(child, filename, "parse", timedOut, timeout);
    }
}
