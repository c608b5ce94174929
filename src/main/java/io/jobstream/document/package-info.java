/**
 * The documents of a job: where each comes from (an uploaded file, a URL, inline content),
 * its status and outcome, and the chunks of its text.
 *
 * <p>{@link io.jobstream.document.Chunker} cuts a parsed document into chunks by page, by
 * size or by heading ({@link io.jobstream.document.ChunkingOptions}); chunk offsets index
 * into the document's whole text, its pages joined with a blank line
 * ({@link io.jobstream.document.Chunker#documentText}), which is also the text to store as
 * the document's text artifact so that offsets and artifact agree.
 */
@NullMarked
package io.jobstream.document;

import org.jspecify.annotations.NullMarked;
