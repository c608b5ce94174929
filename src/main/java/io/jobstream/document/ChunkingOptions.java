package io.jobstream.document;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How a document's text is cut into {@link Chunk}s.
 *
 * <p>The defaults, 1,000 characters with 100 repeated, come from the embedding model
 * (all-MiniLM-L6-v2): it reads any length but was trained on short passages and keeps only
 * its first 256 word pieces, about 1,000 characters of English. Longer chunks would be
 * embedded by their beginning alone and match queries worse; the overlap keeps a sentence
 * cut at a chunk's end findable in the next one.
 *
 * @param strategy where chunks may begin
 * @param maxCharacters the longest chunk, 100 to 100,000 characters
 * @param overlap characters of a chunk's end repeated at the start of the next one (within a
 *     page for {@link Strategy#BY_PAGE}, within a section for {@link Strategy#BY_HEADING});
 *     from 0 to less than half of {@code maxCharacters}
 */
public record ChunkingOptions(Strategy strategy, int maxCharacters, int overlap) {

    public static final int DEFAULT_MAX_CHARACTERS = 1000;
    public static final int DEFAULT_OVERLAP = 100;
    public static final int MIN_MAX_CHARACTERS = 100;
    public static final int MAX_MAX_CHARACTERS = 100_000;

    /** Where chunks begin; every strategy still cuts what is too long by size. */
    public enum Strategy {
        /** One chunk per page (more where a page is too long); a chunk never spans pages. */
        BY_PAGE,
        /** Chunks as long as allowed across pages, cut at paragraphs, then sentences, then words. */
        BY_SIZE,
        /** A new chunk at each heading: a chunk never spans two sections. */
        BY_HEADING
    }

    /**
     * @throws IllegalArgumentException when {@code maxCharacters} or {@code overlap} is out of
     *     range, saying which
     */
    public ChunkingOptions {
        if (maxCharacters < MIN_MAX_CHARACTERS || maxCharacters > MAX_MAX_CHARACTERS) {
            throw new IllegalArgumentException("max_characters must be between " + MIN_MAX_CHARACTERS + " and "
                    + MAX_MAX_CHARACTERS + ", not " + maxCharacters);
        }
        if (overlap < 0 || 2 * overlap >= maxCharacters) {
            throw new IllegalArgumentException("overlap must be at least 0 and less than half of max_characters ("
                    + maxCharacters + "), not " + overlap);
        }
    }

    /** {@code strategy} with the default size and overlap. */
    public static ChunkingOptions of(Strategy strategy) {
        return new ChunkingOptions(strategy, DEFAULT_MAX_CHARACTERS, DEFAULT_OVERLAP);
    }

    /**
     * The options a payload's {@code chunking} object gives ({@code strategy},
     * {@code max_characters}, {@code overlap}), the defaults for those it leaves out; missing
     * (a missing node) means all defaults. The payload's schema has checked the values.
     */
    public static ChunkingOptions read(JsonNode chunking) {
        Strategy strategy =
                Strategy.valueOf(chunking.path("strategy").asString("by_size").toUpperCase(Locale.ROOT));
        return new ChunkingOptions(
                strategy,
                chunking.path("max_characters").asInt(DEFAULT_MAX_CHARACTERS),
                chunking.path("overlap").asInt(DEFAULT_OVERLAP));
    }

    /** By size, 1,000 characters, 100 of overlap. */
    public static ChunkingOptions defaults() {
        return of(Strategy.BY_SIZE);
    }
}
