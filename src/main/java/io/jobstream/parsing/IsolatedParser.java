package io.jobstream.parsing;

import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.child.ChildProtocol.HtmlRequest;
import io.jobstream.parsing.child.ChildProtocol.Reply;
import io.jobstream.parsing.child.ChildProtocol.Request;
import io.jobstream.parsing.child.ChildProtocol.Type;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
    private final PdfSplits splits;

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
        this.splits = new PdfSplits(properties, scheduler);
    }

    /**
     * Reads {@code file}: {@link ParseEvent.PageProgress} while it runs, then one {@link
     * ParseEvent.Parsed}; or a {@link ParseFailure} whose message names {@code options.filename()}.
     * Consume it to its end ({@code single()}, {@code last()}), never {@code next()}: a cancel is
     * how a job stops its parse, so it kills the child even after the last event, and the next
     * document would wait for a new child to start.
     */
    public Flux<ParseEvent> parse(Path file, ParseOptions options) {
        Request request = new Request(
                file.toAbsolutePath().toString(),
                options,
                properties.maxCharacters(),
                properties.maxPages(),
                properties.tesseract());
        return onChild(file, options.filename(), child -> session(child, request, options.filename()))
                .map(IsolatedParser::event);
    }

    /**
     * Reads {@code file}, an HTML page fetched from {@code url}, with jsoup in a child: its title,
     * text, headings and links (at most {@code maxLinks}). {@code charset} (the response's) is
     * used only when the page declares none. Fails with a {@link ParseFailure} as {@link #parse}
     * does; a cancel kills the child.
     */
    public Mono<HtmlPage> readHtml(Path file, URI url, @Nullable String charset, int maxLinks) {
        HtmlRequest request = new HtmlRequest(
                file.toAbsolutePath().toString(), url.toString(), charset, properties.maxCharacters(), maxLinks);
        return onChild(file, url.toString(), child -> session(child, request, url.toString()))
                .filter(reply -> reply.type() == Type.PAGE)
                .map(reply -> Objects.requireNonNull(reply.page()))
                .single();
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
        return splits.split(pdf, filename, plan, keep, work -> onChild(pdf, filename, work));
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

    /**
     * {@code work} on a child of the pool, once {@code file} is known to be within
     * {@code max-bytes}: the child goes back to the pool when the work ends or fails, and is
     * killed when it is cancelled (it may still be working).
     */
    private <T> Flux<T> onChild(Path file, String filename, Function<ParserProcess, Flux<T>> work) {
        return Mono.fromRunnable(() -> checkSize(file, filename))
                .subscribeOn(scheduler)
                .thenMany(Flux.usingWhen(
                        children.acquire(),
                        child -> work.apply(child.poolable()),
                        PooledRef::release,
                        (child, error) -> child.release(),
                        this::killAndRelease));
    }

    private Flux<Reply> session(ParserProcess child, Object request, String filename) {
        ParseSession session = new ParseSession(child, request, filename, properties.timeout());
        // requests must not queue behind the blocking session on its own thread (the default for
        // subscribeOn), or a consumer asking for one event at a time (concatMap) would get the
        // events of a document only when it is done
        return Flux.<Reply>create(session::run).subscribeOn(scheduler, false);
    }

    private static ParseEvent event(Reply reply) {
        return reply.type() == Type.PROGRESS
                ? Objects.requireNonNull(reply.progress())
                : new ParseEvent.Parsed(Objects.requireNonNull(reply.document()));
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
