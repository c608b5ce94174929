/**
 * Execution: the worker that takes start commands, claims jobs and runs their stages with
 * bounded concurrency, reporting progress as it goes.
 */
@NullMarked
package io.jobstream.execution;

import org.jspecify.annotations.NullMarked;
