package io.jobstream.support;

import io.jobstream.parsing.child.ParserChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The parser children and Tesseract processes of this JVM, as a test sees them in
 * {@code /proc} (Linux only: check {@link #observable()} first).
 */
public final class ParserProcesses {

    private ParserProcesses() {}

    /** Whether processes can be looked at here. */
    public static boolean observable() {
        return Files.isDirectory(Path.of("/proc/self"));
    }

    /** The parser children of this JVM that are running. */
    public static Stream<ProcessHandle> children() {
        return ProcessHandle.current()
                .children()
                .filter(process -> !gone(process))
                .filter(ParserProcesses::isChild);
    }

    /** The Tesseract processes below this JVM that are running. */
    public static Stream<ProcessHandle> tesseracts() {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> !gone(process))
                .filter(process -> process.info().command().orElse("").endsWith("tesseract"));
    }

    /**
     * Whether the process runs the parser child's main class. Read from {@code /proc}: for a
     * command line as long as a child's class path (over 4 kB), {@link ProcessHandle.Info} has
     * no arguments at all.
     */
    public static boolean isChild(ProcessHandle process) {
        try {
            byte[] commandLine = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(commandLine, StandardCharsets.UTF_8).contains("\0" + ParserChild.class.getName());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the process has ended. A killed grandchild whose parent died too is left to PID 1,
     * which in some containers never reaps it: a zombie has stopped working, so it counts as gone.
     */
    public static boolean gone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            // gone between the two looks
            return true;
        }
    }
}
