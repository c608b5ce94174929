package io.jobstream.external;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A worker running in a process of its own (a Python or Java client of {@code clients/}), its
 * output (stdout and stderr) read line by line as it comes.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private WorkerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "worker-process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in the project's directory with the worker token in {@code JOBSTREAM_TOKEN}. */
    static WorkerProcess start(String token, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JOBSTREAM_TOKEN", token);
        builder.environment()
                .put("PYTHONPATH", Path.of("clients/python").toAbsolutePath().toString());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        // a test run leaves no bytecode cache in the source tree (clients/python)
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        try {
            return new WorkerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code python3} 3.9 or newer runs here (CI has it; a machine without it skips). */
    static boolean pythonAvailable() {
        try {
            Process version = new ProcessBuilder(
                            "python3", "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)")
                    .redirectErrorStream(true)
                    .start();
            return version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The lines written so far. */
    List<String> output() {
        return new ArrayList<>(lines);
    }

    /** Whether some line written so far contains {@code text}. */
    boolean wrote(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: the process gets no chance to say goodbye or to report anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
