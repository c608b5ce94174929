package io.jobstream.importing;

import io.jobstream.system.Buffers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lines of a file streamed from storage, never the file whole: a line ends at {@code \n}
 * (a {@code \r} before it is dropped), and a line longer than the limit is not kept, only
 * marked, so one endless line cannot take the memory.
 */
final class FileLines {

    private FileLines() {}

    /** A line: its number (from 1), and its bytes without the line end; null if it was longer than the limit. */
    record Line(int number, byte @Nullable [] bytes) {

        boolean tooLong() {
            return bytes == null;
        }

        /** Blank lines (white space only) hold no submission; JSON Lines files often end with one. */
        boolean blank() {
            if (bytes == null) {
                return false;
            }
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        int size() {
            return bytes == null ? 0 : bytes.length;
        }
    }

    /** How many lines the content has (a last line without {@code \n} counts), reading it once. */
    static Mono<Long> count(Flux<DataBuffer> content) {
        return content.map(Buffers::drain)
                .reduce(new Count(0, false), Count::plus)
                .map(count -> count.newlines() + (count.open() ? 1 : 0));
    }

    private record Count(long newlines, boolean open) {

        Count plus(byte[] bytes) {
            long more = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    more++;
                }
            }
            boolean endsOpen = bytes.length == 0 ? open : bytes[bytes.length - 1] != '\n';
            return new Count(newlines + more, endsOpen);
        }
    }

    /** The content's lines, in order; a line of more than {@code maxLineBytes} bytes comes without its bytes. */
    static Flux<Line> lines(Flux<DataBuffer> content, int maxLineBytes) {
        return Flux.defer(() -> {
            Splitter splitter = new Splitter(maxLineBytes);
            return content.map(Buffers::drain)
                    .concatMapIterable(splitter::take)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.rest())));
        });
    }

    /**
     * Lines in chunks of at most {@code maxLines} lines and about {@code maxBytes} bytes (a
     * chunk closes at the line that reaches it), so a chunk of long lines stays small.
     */
    static Flux<List<Line>> chunks(Flux<Line> lines, int maxLines, long maxBytes) {
        return Flux.defer(() -> lines.bufferUntil(new ChunkBudget(maxLines, maxBytes)::closes));
    }

    /** The line being read across buffers; one per subscription, used by one thread at a time (concatMap). */
    private static final class Splitter {

        private final int maxLineBytes;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private boolean tooLong;
        private int number;

        Splitter(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
        }

        List<Line> take(byte[] bytes) {
            List<Line> lines = new ArrayList<>();
            int start = 0;
            for (int index = 0; index < bytes.length; index++) {
                if (bytes[index] == '\n') {
                    append(bytes, start, index);
                    lines.add(finish());
                    start = index + 1;
                }
            }
            append(bytes, start, bytes.length);
            return lines;
        }

        /** The last line, if the content does not end with a line end. */
        List<Line> rest() {
            return current.size() > 0 || tooLong ? List.of(finish()) : List.of();
        }

        private void append(byte[] bytes, int from, int to) {
            if (tooLong || from == to) {
                return;
            }
            // one byte over the limit is allowed for the \r that is dropped at the end
            if (current.size() + (to - from) > maxLineBytes + 1) {
                tooLong = true;
                current.reset();
                return;
            }
            current.write(bytes, from, to - from);
        }

        private Line finish() {
            number++;
            byte[] line = tooLong ? null : withoutCarriageReturn(current.toByteArray());
            if (line != null && line.length > maxLineBytes) {
                line = null;
            }
            current.reset();
            tooLong = false;
            return new Line(number, line);
        }

        private static byte[] withoutCarriageReturn(byte[] line) {
            return line.length > 0 && line[line.length - 1] == '\r'
                    ? java.util.Arrays.copyOf(line, line.length - 1)
                    : line;
        }
    }

    /** Counts a chunk's lines and bytes; one per subscription. */
    private static final class ChunkBudget {

        private final int maxLines;
        private final long maxBytes;
        private int lines;
        private long bytes;

        ChunkBudget(int maxLines, long maxBytes) {
            this.maxLines = maxLines;
            this.maxBytes = maxBytes;
        }

        boolean closes(Line line) {
            lines++;
            bytes += line.size();
            if (lines >= maxLines || bytes >= maxBytes) {
                lines = 0;
                bytes = 0;
                return true;
            }
            return false;
        }
    }
}
