package io.jobstream.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks {@code tesseract --list-langs} what it can read (blocking: run it off the event loop). */
final class TesseractProbe {

    private static final Logger log = LoggerFactory.getLogger(TesseractProbe.class);

    private final String command;

    TesseractProbe(String command) {
        this.command = command;
    }

    OcrSupport probe() {
        Process process;
        try {
            process = new ProcessBuilder(command, "--list-langs")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.info("OCR is not available: {} could not be run ({})", command, e.getMessage());
            return OcrSupport.unavailable();
        }
        try (InputStream out = process.getInputStream()) {
            String listing = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return OcrSupport.unavailable();
            }
            return new OcrSupport(true, languages(listing));
        } catch (IOException e) {
            return OcrSupport.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OcrSupport.unavailable();
        } finally {
            process.destroyForcibly();
        }
    }

    /** The listing's first line is a header ("List of available languages in ..."); osd is not a language. */
    private static List<String> languages(String listing) {
        return Arrays.stream(listing.split("\\R"))
                .skip(1)
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.equals("osd"))
                .sorted()
                .toList();
    }
}
