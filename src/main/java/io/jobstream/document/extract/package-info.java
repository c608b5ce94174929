/**
 * The {@code extract} job type: fields read from documents by a template, with no language
 * model. A template ({@link io.jobstream.document.extract.Template}) lists fields, each with a
 * type ({@code string}, {@code number}, {@code date}, {@code money}), a rule (a regular
 * expression, or a label with its value to the right or on the line below) and whether it is
 * required. {@code invoice} and {@code receipt} are built in (JSON resources under
 * {@code templates/}); a payload may carry its own.
 *
 * <p>The job reuses {@code parse}'s {@code uploading} and {@code parsing} stages as they are
 * (the same inputs, the same isolated parser, the same per-document checkpoints), then runs
 * {@code extracting}: a document whose required field is missing fails alone with
 * {@code VALIDATION_ERROR}.
 *
 * <p>Regular expressions come from users, so they are hostile input: they are compiled at
 * submit (a 400 names the field), and every match is charged to a
 * {@link io.jobstream.system.MatchBudget} of time, which stops a catastrophically
 * backtracking pattern after {@code jobstream.extract.rule-timeout} (the document fails, the
 * thread is free again) and at once when the job is cancelled. Matching runs on
 * {@code boundedElastic}, never on an event loop.
 */
@NullMarked
package io.jobstream.document.extract;

import org.jspecify.annotations.NullMarked;
