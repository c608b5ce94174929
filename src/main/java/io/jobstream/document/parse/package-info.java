/**
 * The {@code parse} job type: a job's documents brought into storage, read by the isolated
 * parser, chunked and, on request, embedded, each stage reporting progress from inside and
 * each document succeeding or failing alone. It lives with the documents, not under
 * {@code jobtype}: it uses files, storage and the job store, and the job store depends on
 * {@code jobtype}, so a type there could not depend back on them without a cycle.
 */
@NullMarked
package io.jobstream.document.parse;

import org.jspecify.annotations.NullMarked;
