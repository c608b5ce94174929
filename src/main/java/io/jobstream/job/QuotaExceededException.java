package io.jobstream.job;

import io.jobstream.system.TooManyRequestsException;
import java.time.Duration;

/** The owner has as many active jobs as the quota allows. */
public class QuotaExceededException extends TooManyRequestsException {

    QuotaExceededException(String owner, int active, int wanted, int limit, Duration retryAfter) {
        super(
                "Owner " + owner + " has " + active + " active job(s); " + wanted + " more would exceed the limit of "
                        + limit,
                retryAfter);
    }
}
