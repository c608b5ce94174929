/**
 * The {@code split} job type: one PDF cut into parts with PDFBox, in the parser's child JVM
 * ({@link io.jobstream.parsing.IsolatedParser#split}), each part an artifact kept as soon as it
 * is written (the child waits for it, so one part at a time is on disk).
 *
 * <p>The document is one entry of {@code parse}'s {@code documents} (a file, a URL or inline
 * content), staged by parse's {@code uploading} stage into the job's documents list. Parts are
 * named {@code part-<n>.pdf} in plan order. By bookmarks, each top-level outline item that
 * points at a page starts a part (in page order; of two on one page the first names it); the
 * pages before the first bookmark are a part of their own, with no title.
 *
 * <p><b>The page count at submit.</b> The service never opens a submitted PDF in its own JVM,
 * and the submit path does not start a parser child (seconds, and a way to keep the pool busy
 * with submissions alone). So the page count known at submit is the bound every document has
 * here, {@code jobstream.parsing.max-pages}: a range past it is a 400 naming
 * {@code payload.ranges[i]}; a range past the end of the actual document fails the job at run
 * time with {@code VALIDATION_ERROR} naming the range. Malformed, reversed or zero ranges are
 * always a 400.
 */
@NullMarked
package io.jobstream.document.split;

import org.jspecify.annotations.NullMarked;
