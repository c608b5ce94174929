package io.jobstream.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.importing.FileLines.Line;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/** Lines of a streamed file: split wherever the buffers end, numbered, and a line past the limit not kept. */
class FileLinesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void linesAreSplitAcrossBuffersWithoutTheirLineEnds() {
        List<Line> lines = lines(10, "{\"a\":", "1}\r\n\n{\"b\"", ":2}\n{\"c\":3}");

        assertThat(lines).extracting(Line::number).containsExactly(1, 2, 3, 4);
        assertThat(lines).extracting(FileLinesTest::text).containsExactly("{\"a\":1}", "", "{\"b\":2}", "{\"c\":3}");
        assertThat(lines).extracting(Line::blank).containsExactly(false, true, false, false);
    }

    @Test
    void aLineLongerThanTheLimitIsMarkedAndTheNextLineIsReadAsUsual() {
        List<Line> lines = lines(8, "12345678\n123", "456789", "0123\n1234\r\n");

        assertThat(lines).extracting(Line::tooLong).containsExactly(false, true, false);
        assertThat(lines).extracting(Line::number).containsExactly(1, 2, 3);
        assertThat(text(lines.get(2))).isEqualTo("1234");
    }

    @Test
    void theCountIncludesALastLineWithoutALineEnd() {
        assertThat(FileLines.count(content("a\nb", "\nc")).block(TIMEOUT)).isEqualTo(3);
        assertThat(FileLines.count(content("a\n", "b\n")).block(TIMEOUT)).isEqualTo(2);
        assertThat(FileLines.count(content()).block(TIMEOUT)).isZero();
    }

    @Test
    void chunksCloseAtTheirLineCountOrTheirBytes() {
        Flux<Line> lines = FileLines.lines(content("aaaa\nbbbb\nc\nd\ne\n"), 100);

        List<List<Line>> chunks = FileLines.chunks(lines, 3, 8).collectList().block(TIMEOUT);

        assertThat(chunks).extracting(List::size).containsExactly(2, 3);
    }

    private static List<Line> lines(int maxLineBytes, String... parts) {
        return FileLines.lines(content(parts), maxLineBytes).collectList().block(TIMEOUT);
    }

    private static Flux<DataBuffer> content(String... parts) {
        return Flux.fromArray(parts)
                .map(part -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }
}
