package io.jobstream.security;

import java.util.Set;

/**
 * What a live API key stands for: its owner (the subject of the token that created it, who owns
 * what the key submits) and its scopes. {@code prefix} is its public part ({@code jsk_} and its
 * public id), never the secret.
 */
public record VerifiedKey(String prefix, String owner, Set<String> scopes) {

    public VerifiedKey {
        scopes = Set.copyOf(scopes);
    }
}
