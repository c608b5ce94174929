package io.jobstream.parsing;

import io.jobstream.parsing.child.ChildProtocol.SplitReply;
import io.jobstream.parsing.child.ChildProtocol.SplitRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The service's side of {@link IsolatedParser#split}: a temporary directory the child writes
 * the parts into, one {@link SplitSession} on a child, each part handed on and deleted before
 * the child may write the next.
 */
final class PdfSplits {

    private final ParsingProperties properties;
    private final Scheduler scheduler;

    PdfSplits(ParsingProperties properties, Scheduler scheduler) {
        this.properties = properties;
        this.scheduler = scheduler;
    }

    /** {@code onChild} runs its work on a child of the parser's pool. */
    Mono<SplitResult> split(
            Path pdf,
            String filename,
            SplitPlan plan,
            Function<WrittenPart, Mono<Void>> keep,
            Function<Function<ParserProcess, Flux<SplitResult>>, Flux<SplitResult>> onChild) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempDirectory("jobstream-split-"))
                        .subscribeOn(scheduler),
                directory -> onChild.apply(child -> split(child, pdf, filename, plan, directory, keep))
                        .single(),
                directory -> Mono.fromRunnable(() -> deleteAll(directory))
                        .subscribeOn(scheduler)
                        .then());
    }

    private Flux<SplitResult> split(
            ParserProcess child,
            Path pdf,
            String filename,
            SplitPlan plan,
            Path directory,
            Function<WrittenPart, Mono<Void>> keep) {
        SplitRequest request = new SplitRequest(
                pdf.toAbsolutePath().toString(),
                filename,
                plan,
                directory.toAbsolutePath().toString(),
                properties.maxPages());
        SplitSession session = new SplitSession(child, request, properties.timeout());
        return Flux.<SplitReply>create(session::run)
                .subscribeOn(scheduler, false)
                .concatMap(reply -> switch (reply.type()) {
                    case PART -> keepPart(session, reply, directory, keep);
                    case SPLIT -> Mono.just(Objects.requireNonNull(reply.result()));
                    case FAILED, REFUSED -> Mono.<SplitResult>empty();
                });
    }

    private Mono<SplitResult> keepPart(
            SplitSession session, SplitReply reply, Path directory, Function<WrittenPart, Mono<Void>> keep) {
        SplitPart part = Objects.requireNonNull(reply.part());
        Path file = directory.resolve(part.name());
        return keep.apply(new WrittenPart(part, reply.partCount(), file))
                .then(Mono.<SplitResult>fromRunnable(() -> {
                            deleteAll(file);
                            session.next();
                        })
                        .subscribeOn(scheduler));
    }

    /** Deletes a file, or a directory and what is in it. */
    private static void deleteAll(Path path) {
        try (Stream<Path> inside = Files.isDirectory(path) ? Files.list(path) : Stream.empty()) {
            for (Path file : (Iterable<Path>) inside::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
