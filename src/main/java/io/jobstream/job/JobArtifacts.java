package io.jobstream.job;

import io.jobstream.jobtype.Artifact;
import io.jobstream.storage.Storage;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The files jobs keep: bytes in {@link Storage}, one row each in {@code job_artifacts}. Every
 * save stores under a key of its own ({@code jobs/<id>/artifacts/<random>-<name>}), so an
 * attempt that lost its job, or a save that replaces another, never deletes bytes that a row
 * still points to. Everything stored for a job is under {@link #prefix}, which deleting the
 * job removes.
 */
@Service
public class JobArtifacts {

    private final ArtifactRepository artifacts;
    private final Storage storage;

    JobArtifacts(ArtifactRepository artifacts, Storage storage) {
        this.artifacts = artifacts;
        this.storage = storage;
    }

    /** Where everything stored for the job lives: its artifacts and the outputs of its stages. */
    public static String prefix(UUID jobId) {
        return "jobs/" + jobId + "/";
    }

    /** Streams the artifact to storage and keeps it if the attempt still holds the job; false (nothing kept) if not. */
    Mono<Boolean> save(Attempt attempt, Artifact artifact) {
        String key = prefix(attempt.jobId()) + "artifacts/" + UUID.randomUUID() + "-" + artifact.name();
        return storage.put(key, artifact.content(), artifact.contentType())
                .flatMap(stored -> artifacts.keep(attempt, artifact.name(), artifact.contentType(), stored))
                .flatMap(kept -> removeUnused(key, kept).thenReturn(kept.kept()));
    }

    private Mono<Void> removeUnused(String key, ArtifactRepository.Kept kept) {
        if (!kept.kept()) {
            return storage.delete(key);
        }
        return kept.replaced() == null ? Mono.empty() : storage.delete(kept.replaced());
    }

    /** The job's artifacts, by name; the caller has been shown the job. */
    public Flux<ArtifactInfo> list(UUID jobId) {
        return artifacts.list(jobId);
    }

    /** The artifact with all its bytes; empty if the job has none of that name. */
    public Mono<ArtifactContent> open(UUID jobId, String name) {
        return artifacts
                .find(jobId, name)
                .map(row -> new ArtifactContent(
                        row.info(), content(row, 0, row.info().bytes())));
    }

    /** {@code length} bytes of the artifact from {@code offset}; empty if the job has none of that name. */
    public Mono<ArtifactContent> open(UUID jobId, String name, long offset, long length) {
        return artifacts.find(jobId, name).map(row -> new ArtifactContent(row.info(), content(row, offset, length)));
    }

    private Flux<DataBuffer> content(ArtifactRepository.Row row, long offset, long length) {
        if (row.storageKey() != null) {
            return offset == 0 && length == row.info().bytes()
                    ? storage.get(row.storageKey())
                    : storage.get(row.storageKey(), offset, length);
        }
        ByteBuffer inline = row.content().duplicate();
        int from = (int) Math.min(offset, inline.remaining());
        int to = (int) Math.min(inline.remaining(), offset + length);
        ByteBuffer slice = inline.position(from).limit(to).slice();
        return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(slice));
    }
}
