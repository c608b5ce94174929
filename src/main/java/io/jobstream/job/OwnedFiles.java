package io.jobstream.job;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The port to uploaded files the submit path checks payloads against (implemented where files live). */
public interface OwnedFiles {

    /** Those of {@code ids} that are not files of {@code owner}: missing, deleted, or someone else's. */
    Mono<Set<UUID>> unknown(String owner, Collection<UUID> ids);
}
