package io.jobstream.file;

import io.jobstream.system.TooManyRequestsException;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The owner's files would take more than {@code jobstream.files.quota-bytes}. Waiting does
 * not help (so no {@code Retry-After}); deleting files does.
 */
public class FileQuotaExceededException extends TooManyRequestsException {

    FileQuotaExceededException(String owner, DataSize quota) {
        super(
                "The files of " + owner + " would take more than the quota of " + quota.toBytes()
                        + " bytes; delete some to make room",
                Duration.ZERO);
    }
}
