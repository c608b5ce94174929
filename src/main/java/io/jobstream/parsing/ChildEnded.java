package io.jobstream.parsing;

import io.jobstream.parsing.ParseFailure.Reason;
import java.time.Duration;

/** Why a child went away without an answer, said the same way for every kind of request. */
final class ChildEnded {

    private ChildEnded() {}

    /**
     * @param verb what the child was doing to the file, as in "could not be {@code parsed}" and
     *     "took longer than 10s to {@code parse}"
     */
    static ParseFailure failure(ParserProcess child, String filename, String verb, boolean timedOut, Duration timeout) {
        if (timedOut) {
            return new ParseFailure(
                    Reason.TIMEOUT,
                    filename + " took longer than " + timeout + " to " + verb + "; its parser was stopped");
        }
        int exit = child.exitCode();
        if (exit == ParserProcess.OUT_OF_MEMORY_EXIT) {
            return new ParseFailure(
                    Reason.UNREADABLE,
                    filename + " could not be " + participle(verb) + ": the parser ran out of memory");
        }
        return new ParseFailure(
                Reason.UNREADABLE,
                filename + " could not be " + participle(verb) + ": the parser crashed (exit code " + exit + ")");
    }

    private static String participle(String verb) {
        return verb.equals("parse") ? "read" : verb;
    }
}
