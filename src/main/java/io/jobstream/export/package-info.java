/**
 * The {@code export} job type: a caller's jobs, or a parse job's chunks, streamed from a
 * database cursor into one CSV or JSON Lines artifact.
 */
@NullMarked
package io.jobstream.export;

import org.jspecify.annotations.NullMarked;
