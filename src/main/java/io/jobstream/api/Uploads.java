package io.jobstream.api;

import io.jobstream.file.Upload;
import io.jobstream.system.InvalidInputException;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * The files of an upload request, as they stream in: the {@code file} parts of a
 * {@code multipart/form-data} body (read as part events, so no part is held in memory or
 * spooled to disk), or a raw body named by {@code ?filename=}.
 */
final class Uploads {

    static final String PART = "file";

    private Uploads() {}

    /** Each {@code file} part in order; its content must be read before the next part arrives. */
    static Flux<Upload> multipart(ServerRequest request) {
        return request.bodyToFlux(PartEvent.class)
                .windowUntil(PartEvent::isLast)
                // the part's content is read downstream, after this emits: keep the window open
                .concatMap(part -> part.switchOnFirst(Uploads::upload, false), 1);
    }

    private static Publisher<Upload> upload(Signal<? extends PartEvent> first, Flux<PartEvent> part) {
        PartEvent event = first.get();
        if (event == null) {
            return part.then(Mono.empty());
        }
        if (!PART.equals(event.name())) {
            return part.doOnNext(Uploads::release)
                    .then(Mono.error(InvalidInputException.of(
                            event.name(), "is not a part of an upload; send each file as a part named 'file'")));
        }
        String filename = event instanceof FilePartEvent file ? file.filename() : PART;
        Flux<DataBuffer> content = part.map(PartEvent::content);
        return Mono.just(new Upload(filename, content));
    }

    /** The body itself, named by {@code ?filename=} (required then). */
    static Flux<Upload> raw(ServerRequest request) {
        var parameters = new ParameterReader(request).onlyKnown(Set.of("filename"));
        String filename = parameters.text("filename").orElse("");
        if (filename.isEmpty()) {
            parameters.reject("filename", "is required with a raw body; or send multipart/form-data with 'file' parts");
        }
        parameters.check();
        return Flux.just(new Upload(filename, request.bodyToFlux(DataBuffer.class)));
    }

    private static void release(PartEvent event) {
        DataBufferUtils.release(event.content());
    }
}
