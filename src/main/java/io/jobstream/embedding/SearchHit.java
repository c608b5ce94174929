package io.jobstream.embedding;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A chunk found by a search: its text, how near it is to the query ({@code score}, the cosine
 * similarity, -1 to 1, higher is nearer), and where it is: the job, the document (from 0), the
 * chunk (from 0), its pages (from 1) and the heading it sits under, where known.
 */
public record SearchHit(
        String text,
        double score,
        UUID jobId,
        int documentIndex,
        int chunkIndex,
        int pageStart,
        int pageEnd,
        @Nullable String heading) {}
