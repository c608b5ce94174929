package io.jobstream.jobtype;

import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * A file a stage produced, kept with its job in storage and shipped in the job's archive.
 * Its content is streamed, never held whole: subscribe to it once. Names are plain file names
 * ({@code [A-Za-z0-9._-]}, at most 200 characters).
 */
public record Artifact(String name, String contentType, Flux<DataBuffer> content) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public Artifact {
        if (!isFileName(name)) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
    }

    /** A small artifact made in memory. */
    public static Artifact of(String name, String contentType, byte[] content) {
        byte[] copy = content.clone();
        return new Artifact(
                name, contentType, Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(copy))));
    }

    /** Whether {@code name} may name an artifact. */
    public static boolean isFileName(String name) {
        return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
