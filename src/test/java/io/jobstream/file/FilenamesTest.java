package io.jobstream.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names files are kept under: no paths, no control characters, at most 255 characters. */
class FilenamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            report.pdf                      | report.pdf
            ../../etc/passwd                | passwd
            C:\\Users\\ana\\Desktop\\cv.docx | cv.docx
            '  spaced name.txt  '           | spaced name.txt
            ..                              | file
            dir/                            | file
            Überblick – 2026.odt            | Überblick – 2026.odt
            """)
    void keepsTheNameWithoutItsPath(String raw, String kept) {
        assertThat(Filenames.clean(raw)).isEqualTo(kept);
    }

    @Test
    void dropsControlAndFormatCharacters() {
        assertThat(Filenames.clean("in\u0000voice\r\n\u0007\u202e.pdf")).isEqualTo("invoice.pdf");
    }

    @Test
    void cutsLongNamesWithoutSplittingACharacter() {
        String name = "a".repeat(254) + "\uD83D\uDE00" + "tail";

        assertThat(Filenames.clean(name)).isEqualTo("a".repeat(254));
        assertThat(Filenames.clean("b".repeat(300))).hasSize(255);
    }
}
