package io.jobstream.file;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * One file as it arrives: the name the client gave (cleaned before it is kept) and its bytes,
 * to be read once.
 */
public record Upload(String filename, Flux<DataBuffer> content) {}
