package io.jobstream.parsing;

import java.util.List;

/** Whether this instance can OCR (Tesseract is installed), and in which languages ({@code eng}, ...). */
public record OcrSupport(boolean available, List<String> languages) {

    public OcrSupport {
        languages = List.copyOf(languages);
    }

    static OcrSupport unavailable() {
        return new OcrSupport(false, List.of());
    }
}
