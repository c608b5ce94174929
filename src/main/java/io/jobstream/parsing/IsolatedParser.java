package io.jobstream.parsing;

import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.child.ChildProtocol.Request;
import io.jobstream.parsing.child.ChildProtocol.SplitReply;
import io.jobstream.parsing.child.ChildProtocol.SplitRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;

/**
 * Reads documents in child JVMs ({@code jobstream.parsing.processes} of them, started on first
 * use and replaced when one dies or is killed), one document per child at a time; further
 * documents wait for a free child without holding a thread. A child's pipes are read on this
 * bean's own bounded scheduler, never on an event loop. Cancelling a parse, or its time limit,
 * kills its child and any Tesseract the child started. The same children split PDFs ({@link
 * #split}), under the same limits.
 */
@Component
public class IsolatedParser implements DisposableBean {

    private final ParsingProperties properties;
    private final Scheduler scheduler;
    private final InstrumentedPool<ParserProcess> children;
    private final Set<ParserProcess> started = ConcurrentHashMap.newKeySet();
    private final Mono<OcrSupport> ocrSupport;

    IsolatedParser(ParsingProperties properties) {
        this.properties = properties;
        // each child needs a thread while it parses and one while it starts; one more for the OCR probe
        this.scheduler = Schedulers.newBoundedElastic(2 * properties.processes() + 1, 100_000, "document-parser");
        ChildLauncher launcher = new ChildLauncher(properties);
        this.children = PoolBuilder.from(Mono.fromCallable(launcher::start)
                        .doOnNext(started::add)
                        .subscribeOn(scheduler))
                .sizeBetween(0, properties.processes())
                .maxPendingAcquireUnbounded()
                .evictionPredicate((child, metadata) -> !child.usable())
                .destroyHandler(this::destroyChild)
                .buildPool();
        TesseractProbe probe = new TesseractProbe(properties.tesseract());
        this.ocrSupport = Mono.fromCallable(probe::probe).subscribeOn(scheduler).cache();
    }

    /**
     * Reads {@code file}: {@link ParseEvent.PageProgress} while it runs, then one {@link
     * ParseEvent.Parsed}; or a {@link ParseFailure} whose message names {@code options.filename()}.
     * Consume it to its end ({@code single()}, {@code last()}), never {@code next()}: a cancel is
     * how a job stops its parse, so it kills the child even after the last event, and the next
     * document would wait for a new child to start.
     */
    public Flux<ParseEvent> parse(Path file, ParseOptions options) {
        return Mono.fromRunnable(() -> checkSize(file, options.filename()))
                .subscribeOn(scheduler)
                .thenMany(Flux.usingWhen(
                        children.acquire(),
                        child -> read(child.poolable(), file, options),
                        PooledRef::release,
                        (child, error) -> child.release(),
                        this::killAndRelease));
    }

    /**
     * Cuts {@code pdf} into parts as {@code plan} says, in a child, and hands each part to
     * {@code keep} before the child writes the next one: one part at a time is on disk, and its
     * file is deleted once kept. Answers the parts; or fails with a {@link ParseFailure} (too
     * large, encrypted, corrupt, over the time limit, which counts the child's work and not
     * {@code keep}'s) or a {@link SplitPlanRejected} (a range past the last page, no bookmarks).
     * A cancel, or a failure of {@code keep}, kills the child.
     */
    public Mono<SplitResult> split(Path pdf, String filename, SplitPlan plan, Function<WrittenPart, Mono<Void>> keep) {
        return Mono.fromRunnable(() -> checkSize(pdf, filename))
                .subscribeOn(scheduler)
                .then(Mono.usingWhen(
                        Mono.fromCallable(() -> Files.createTempDirectory("jobstream-split-"))
                                .subscribeOn(scheduler),
                        directory -> Flux.usingWhen(
                                        children.acquire(),
                                        child -> split(child.poolable(), pdf, filename, plan, directory, keep),
                                        PooledRef::release,
                                        (child, error) -> child.release(),
                                        this::killAndRelease)
                                .single(),
                        directory -> Mono.fromRunnable(() -> deleteAll(directory))
                                .subscribeOn(scheduler)
                                .then()));
    }

    /** The most pages a document may have here ({@code jobstream.parsing.max-pages}). */
    public int maxPages() {
        return properties.maxPages();
    }

    /** Whether Tesseract is installed and its languages; asked once, off the event loop. */
    public Mono<OcrSupport> ocrSupport() {
        return ocrSupport;
    }

    @Override
    public void destroy() {
        children.disposeLater().subscribe();
        started.forEach(ParserProcess::kill);
        scheduler.dispose();
    }

    private Flux<ParseEvent> read(ParserProcess child, Path file, ParseOptions options) {
        Request request = new Request(
                file.toAbsolutePath().toString(),
                options,
                properties.maxCharacters(),
                properties.maxPages(),
                properties.tesseract());
        ParseSession session = new ParseSession(child, request, properties.timeout());
        // requests must not queue behind the blocking session on its own thread (the default for
        // subscribeOn), or a consumer asking for one event at a time (concatMap) would get the
        // events of a document only when it is done
        return Flux.<ParseEvent>create(session::run).subscribeOn(scheduler, false);
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

    private void checkSize(Path file, String filename) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new ParseFailure(Reason.UNREADABLE, filename + " could not be read: " + e.getMessage());
        }
        if (bytes > properties.maxBytes().toBytes()) {
            throw new ParseFailure(
                    Reason.TOO_LARGE,
                    filename + " has " + bytes + " bytes, more than the " + properties.maxBytes() + " allowed");
        }
    }

    /** On cancel: the child may still be working on the document, so it goes before it could be handed out again. */
    private Mono<Void> killAndRelease(PooledRef<ParserProcess> child) {
        child.poolable().kill();
        return child.invalidate();
    }

    private Mono<Void> destroyChild(ParserProcess child) {
        return Mono.fromRunnable(() -> {
            child.kill();
            started.remove(child);
        });
    }
}
