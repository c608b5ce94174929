package io.jobstream.document.extract;

import java.time.Duration;

/** A rule's matching ran past its {@link Deadline}: a regular expression that backtracks without end, most likely. */
final class RuleTimeoutException extends RuntimeException {

    RuleTimeoutException(Duration limit) {
        super("matching took longer than " + limit.toMillis() + " ms", null, false, false);
    }
}
