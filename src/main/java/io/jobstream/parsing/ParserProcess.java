package io.jobstream.parsing;

import io.jobstream.parsing.child.ChildProtocol;
import io.jobstream.parsing.child.ChildProtocol.Reply;
import io.jobstream.parsing.child.ChildProtocol.Request;
import io.jobstream.parsing.child.ChildProtocol.Type;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

/**
 * One parser child and its pipes. Reading and writing block (the caller runs on the parser's
 * scheduler); {@link #kill()} does not, and may be called from any thread: it ends a blocked read.
 */
final class ParserProcess {

    /** The JVM's exit code under {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    /** The variables every java launcher and JVM reads options from. */
    static final List<String> JVM_OPTIONS_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private volatile boolean killed;

    private ParserProcess(Process process) {
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    static ParserProcess start(List<String> command, Duration startTimeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                // the child logs warnings only; they join the service's own stderr
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // the service's JVM options (the image's JDK_JAVA_OPTIONS) are not the child's: it has its
        // own heap and collector, and a second collector option would keep it from starting
        builder.environment().keySet().removeAll(JVM_OPTIONS_VARIABLES);
        Process process = builder.start();
        ParserProcess child = new ParserProcess(process);
        Disposable watchdog =
                Schedulers.parallel().schedule(child::kill, startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Reply first = child.nextReply();
            if (first == null || first.type() != Type.READY) {
                child.kill();
                throw new IOException("the parser process did not start (exit code " + child.exitCode() + ")");
            }
            return child;
        } finally {
            watchdog.dispose();
        }
    }

    /** Writes one line: a {@link Request}, or another kind of request or message of {@link ChildProtocol}. */
    void send(Object request) throws IOException {
        requests.write(ChildProtocol.JSON.writeValueAsString(request));
        requests.write('\n');
        requests.flush();
    }

    /** The next reply, or null once the child is gone. Lines that are not replies (a JVM's last words) are skipped. */
    @Nullable
    Reply nextReply() throws IOException {
        return nextReply(Reply.class);
    }

    /** The next reply of this type (the replies to a request of another kind than parse), or null once the child is gone. */
    <T> @Nullable T nextReply(Class<T> type) throws IOException {
        for (String line = replies.readLine(); line != null; line = replies.readLine()) {
            if (line.startsWith("{")) {
                try {
                    return ChildProtocol.JSON.readValue(line, type);
                } catch (JacksonException e) {
                    // not one of ours: something in the child wrote to the real stdout
                }
            }
        }
        return null;
    }

    /** Kills the child and whatever it started (Tesseract), those first so none is left behind. */
    void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean usable() {
        return !killed && process.isAlive();
    }

    boolean killed() {
        return killed;
    }

    long pid() {
        return process.pid();
    }

    /** Waits (briefly: the pipe has closed, so it is exiting) for the exit code; -1 if it has not exited. */
    int exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
