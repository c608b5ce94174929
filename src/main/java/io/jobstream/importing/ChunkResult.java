package io.jobstream.importing;

import java.util.List;

/**
 * What became of one chunk of lines: {@code lines} that held something (blank ones are
 * skipped), {@code lastLine} the number of the chunk's last line, and how many of them were
 * created, were there before ({@code existing}) or were refused, in order.
 */
record ChunkResult(int lines, int lastLine, int created, int existing, List<RefusedLine> refused) {

    ChunkResult {
        refused = List.copyOf(refused);
    }
}
