package io.jobstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Memory as the operating system and this JVM see it, for the document benchmark: resident set
 * sizes read from {@code /proc/<pid>/status} (Linux; 0 elsewhere) and this JVM's heap.
 */
final class ProcessMemory {

    private ProcessMemory() {}

    /** The resident set of one process, in KB; 0 when it has gone or {@code /proc} is not there. */
    static long rssKb(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading it, or there is no /proc
        }
        return 0;
    }

    /** The machine's load averages over 1, 5 and 15 minutes, from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The parser children of this JVM (and the Tesseract processes they run). */
    static Stream<ProcessHandle> parserChildren() {
        return ProcessHandle.current()
                .children()
                .filter(child -> commandLine(child).contains("ParserChild"))
                .flatMap(child -> Stream.concat(Stream.of(child), child.descendants()));
    }

    /** From {@code /proc}: in a first run {@link ProcessHandle.Info#commandLine()} matched no parser child. */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /**
     * Samples every 100 ms on its own daemon thread until closed: the highest heap in use in
     * this JVM, and the highest summed resident set of the processes {@code processes} lists
     * at each sample.
     */
    static final class Sampler implements AutoCloseable {

        private final Supplier<Stream<ProcessHandle>> processes;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakHeapBytes;
        private volatile long peakRssKb;

        Sampler(Supplier<Stream<ProcessHandle>> processes) {
            this.processes = processes;
            this.thread = Thread.ofPlatform().daemon().name("bench-memory").start(this::sample);
        }

        private void sample() {
            while (running) {
                long heap =
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long rss = processes.get().mapToLong(ProcessMemory::rssKb).sum();
                peakHeapBytes = Math.max(peakHeapBytes, heap);
                peakRssKb = Math.max(peakRssKb, rss);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peakHeapMb() {
            return peakHeapBytes / (1024 * 1024);
        }

        long peakRssMb() {
            return peakRssKb / 1024;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
