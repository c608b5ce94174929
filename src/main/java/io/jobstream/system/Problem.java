package io.jobstream.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} lists each bad field or parameter of a
 * validation problem; {@code error_code} is the stable code clients switch on.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String errorCode,
        List<Violation> errors) {}
