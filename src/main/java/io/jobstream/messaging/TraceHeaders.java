package io.jobstream.messaging;

import io.jobstream.system.Traces;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The W3C trace context on Kafka records: a {@code traceparent} header, as OpenTelemetry's
 * Kafka instrumentation and most producers' tracing libraries write it.
 */
final class TraceHeaders {

    private TraceHeaders() {}

    /** The record's {@code traceparent}, or null if it has none (or a malformed one: a new trace starts then). */
    static @Nullable String traceparent(Headers headers) {
        Header header = headers.lastHeader(Traces.TRACEPARENT);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII).trim();
        return Traces.traceId(value) == null ? null : value;
    }

    static void add(Headers headers, @Nullable String traceparent) {
        if (traceparent != null) {
            headers.add(Traces.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
