package io.jobstream.parsing.child;

import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParseFailure.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the {@code tesseract} CLI on one image and returns its text. It is a child of this
 * process, so the service kills it with this process (descendants first) on a cancel or a
 * time limit.
 */
final class Tesseract {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private final String command;
    private final String languages;
    private final String filename;

    Tesseract(String command, List<String> languages, String filename) {
        this.command = command;
        this.filename = filename;
        if (languages.isEmpty()
                || !languages.stream().allMatch(l -> LANGUAGE.matcher(l).matches())) {
            throw new ParseFailure(
                    Reason.OCR, filename + ": OCR languages must be Tesseract codes such as eng; were " + languages);
        }
        this.languages = String.join("+", languages);
    }

    /** The text of {@code image} ({@code what} names it in errors, e.g. "page 3"; {@code dpi} 0 if unknown). */
    String read(Path image, int dpi, String what) throws IOException {
        Path errors = Files.createTempFile("jobstream-tesseract", ".log");
        try {
            Process process = start(image, dpi, errors);
            process.getOutputStream().close();
            String text;
            try (InputStream out = process.getInputStream()) {
                text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = waitFor(process);
            if (exit != 0) {
                throw new ParseFailure(
                        Reason.OCR,
                        filename + ": tesseract failed on " + what + " (exit code " + exit + "): " + lastLine(errors));
            }
            return text.strip();
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private Process start(Path image, int dpi, Path errors) {
        List<String> arguments = new ArrayList<>(List.of(command, image.toString(), "stdout", "-l", languages));
        if (dpi > 0) {
            // the PNGs of rendered pages carry no resolution, and Tesseract would guess 70 dpi
            arguments.addAll(List.of("--dpi", Integer.toString(dpi)));
        }
        ProcessBuilder builder = new ProcessBuilder(arguments).redirectError(errors.toFile());
        // one thread each: parses run side by side, and OpenMP threads only contend on a small machine
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ParseFailure(
                    Reason.OCR, filename + ": tesseract is not installed (could not run " + command + ")");
        }
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ParseFailure(Reason.OCR, "interrupted while tesseract was running");
        }
    }

    private static String lastLine(Path errors) throws IOException {
        List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
        return lines.isEmpty() ? "no message" : lines.getLast().strip();
    }
}
