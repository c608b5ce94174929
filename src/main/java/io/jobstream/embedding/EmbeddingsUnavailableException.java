package io.jobstream.embedding;

import io.jobstream.system.UnavailableException;

/** This instance computes no embeddings: the model is switched off, or could not be loaded here. */
public class EmbeddingsUnavailableException extends UnavailableException {

    EmbeddingsUnavailableException(String message) {
        super("embeddings", message);
    }

    EmbeddingsUnavailableException(String message, Throwable cause) {
        super("embeddings", message, cause);
    }

    public static EmbeddingsUnavailableException switchedOff() {
        return new EmbeddingsUnavailableException(
                "Embeddings are switched off on this deployment (jobstream.embeddings.enabled=false)");
    }
}
