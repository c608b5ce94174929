package io.jobstream.importing;

import java.util.ArrayList;
import java.util.List;

/**
 * An import's counts so far, and the first {@link #LISTED} refused lines (without their
 * content), which its result lists; all of them are in the artifact {@code refused.jsonl}.
 */
record ImportTally(long lines, int lastLine, long created, long existing, long refused, List<RefusedLine> listed) {

    /** Refused lines a result lists at most: enough to see what is wrong, small enough for a job's result. */
    static final int LISTED = 100;

    static final ImportTally EMPTY = new ImportTally(0, 0, 0, 0, 0, List.of());

    ImportTally {
        listed = List.copyOf(listed);
    }

    ImportTally plus(ChunkResult chunk) {
        List<RefusedLine> more = new ArrayList<>(listed);
        chunk.refused().stream()
                .limit(Math.max(0, LISTED - listed.size()))
                .map(RefusedLine::withoutContent)
                .forEach(more::add);
        return new ImportTally(
                lines + chunk.lines(),
                chunk.lastLine(),
                created + chunk.created(),
                existing + chunk.existing(),
                refused + chunk.refused().size(),
                more);
    }
}
