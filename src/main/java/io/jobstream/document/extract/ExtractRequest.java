package io.jobstream.document.extract;

import io.jobstream.document.parse.ParseRequest;
import tools.jackson.databind.JsonNode;

/** A valid {@code extract} payload, read: its documents and how to read them (as {@code parse} has them), and its template. */
record ExtractRequest(ParseRequest documents, Template template) {

    static ExtractRequest of(JsonNode payload) {
        return new ExtractRequest(ParseRequest.of(payload), Templates.valid(payload));
    }
}
