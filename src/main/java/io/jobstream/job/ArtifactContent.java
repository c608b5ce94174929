package io.jobstream.job;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/** An artifact with its bytes (all of them, or the range asked for), streamed: subscribe once. */
public record ArtifactContent(ArtifactInfo info, Flux<DataBuffer> content) {}
