/**
 * The {@code import} job type: a JSON Lines file of job submissions, uploaded through the
 * files API, becomes one batch of jobs, however many lines it has. Each line goes through the
 * one submit path ({@link io.jobstream.job.JobSubmissions#submitLines}) and is checked exactly
 * as {@code POST /api/jobs} checks a body; a bad line is refused on its own, never the import.
 * The file is streamed, a chunk of lines at a time; every line's idempotency key is derived
 * from the import and the line number (unless the line has its own), so an import retried or
 * resumed after a crash creates no line twice. ({@code import} is a Java keyword, hence the
 * package name.)
 */
@NullMarked
package io.jobstream.importing;

import org.jspecify.annotations.NullMarked;
