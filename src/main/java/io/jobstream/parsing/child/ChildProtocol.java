package io.jobstream.parsing.child;

import io.jobstream.parsing.HtmlPage;
import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.ParseOptions;
import io.jobstream.parsing.ParsedDocument;
import io.jobstream.parsing.SplitPart;
import io.jobstream.parsing.SplitPlan;
import io.jobstream.parsing.SplitResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON lines the service and a parser child exchange: one {@link Request} per document on the
 * child's stdin; on its stdout a {@code ready} once, then for each request any number of
 * {@code progress} replies and one {@code parsed} or {@code failed}. Not an API: both ends ship
 * in the same jar.
 *
 * <p>A request with a {@code kind} is of that kind; one without is a parse. {@code split} cuts
 * a PDF ({@link SplitRequest}): the child writes one part, answers {@link SplitReply} {@code part}
 * and waits for the service's {@link SplitNext} before it writes the next (so that one part at a
 * time is on disk), then answers {@code split}, {@code failed} or {@code refused}.
 */
public final class ChildProtocol {

    /** Both ends read and write with this mapper: default names, nothing from the web API's settings. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private ChildProtocol() {}

    /**
     * Read {@code file} as {@code options} say, within the caps: {@code maxCharacters} of text and
     * {@code maxPages} pages (a longer PDF is refused before it is parsed).
     */
    public record Request(String file, ParseOptions options, int maxCharacters, int maxPages, String tesseract) {}

    /**
     * Read {@code file} as an HTML page fetched from {@code url} (links resolve against it): in
     * the charset the page declares, else {@code charset} (the response's), else UTF-8; at most
     * {@code maxCharacters} of text and {@code maxLinks} links. Its line carries
     * {@code "kind": "html"}; the answer is one {@code page} or {@code failed} reply.
     */
    public record HtmlRequest(
            String kind, String file, String url, @Nullable String charset, int maxCharacters, int maxLinks) {

        public static final String KIND = "html";

        public HtmlRequest(String file, String url, @Nullable String charset, int maxCharacters, int maxLinks) {
            this(KIND, file, url, charset, maxCharacters, maxLinks);
        }
    }

    /** One line from the child; which fields are set depends on {@link Type}. */
    public record Reply(
            Type type,
            @Nullable PageProgress progress,
            @Nullable ParsedDocument document,
            @Nullable Reason reason,
            @Nullable String message,
            @Nullable HtmlPage page) {

        public static Reply ready() {
            return new Reply(Type.READY, null, null, null, null, null);
        }

        public static Reply progress(PageProgress progress) {
            return new Reply(Type.PROGRESS, progress, null, null, null, null);
        }

        public static Reply parsed(ParsedDocument document) {
            return new Reply(Type.PARSED, null, document, null, null, null);
        }

        public static Reply failed(Reason reason, String message) {
            return new Reply(Type.FAILED, null, null, reason, message, null);
        }

        public static Reply page(HtmlPage page) {
            return new Reply(Type.PAGE, null, null, null, null, page);
        }
    }

    public enum Type {
        READY,
        PROGRESS,
        PARSED,
        FAILED,
        /** The answer to an {@link HtmlRequest}. */
        PAGE
    }

    /**
     * Cut {@code file}, a PDF, as {@code plan} says into {@code outDir}, one file per part named
     * {@link SplitPart#name(int)}; a PDF of more than {@code maxPages} pages is refused before it
     * is cut. Ranges keep the payload's order, so that a refusal can name the field.
     */
    public record SplitRequest(String kind, String file, String filename, SplitPlan plan, String outDir, int maxPages) {

        public static final String KIND = "split";

        public SplitRequest(String file, String filename, SplitPlan plan, String outDir, int maxPages) {
            this(KIND, file, filename, plan, outDir, maxPages);
        }
    }

    /** The service has kept the last part: write the next one. */
    public record SplitNext(String kind) {

        public static final SplitNext NEXT = new SplitNext("next");
    }

    /** One line from the child about a split; which fields are set depends on {@link SplitType}. */
    public record SplitReply(
            SplitType type,
            @Nullable SplitPart part,
            int partCount,
            @Nullable SplitResult result,
            @Nullable Reason reason,
            @Nullable String message) {

        public static SplitReply part(SplitPart part, int partCount) {
            return new SplitReply(SplitType.PART, part, partCount, null, null, null);
        }

        public static SplitReply split(SplitResult result) {
            return new SplitReply(SplitType.SPLIT, null, result.parts().size(), result, null, null);
        }

        public static SplitReply failed(Reason reason, String message) {
            return new SplitReply(SplitType.FAILED, null, 0, null, reason, message);
        }

        /** The document does not fit the plan (a range past its end, no bookmarks). */
        public static SplitReply refused(String message) {
            return new SplitReply(SplitType.REFUSED, null, 0, null, null, message);
        }
    }

    public enum SplitType {
        PART,
        SPLIT,
        FAILED,
        REFUSED
    }
}
