package io.jobstream.job;

/**
 * One line of a file of submissions (an import): its number in the file (from 1), what it
 * asks for, and its idempotency key, which every line has: its own, or one the import derives
 * from itself and the line number, so that an import run again creates no line twice.
 */
public record SubmissionLine(int number, Submission submission, String idempotencyKey) {}
