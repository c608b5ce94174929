package io.jobstream.parsing.child;

import io.jobstream.parsing.HtmlPage;
import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.ParseFailure.Reason;
import io.jobstream.parsing.child.ChildProtocol.HtmlRequest;
import io.jobstream.parsing.child.ChildProtocol.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * Answers an {@link HtmlRequest}: reads a crawled page with jsoup into its title, text,
 * headings and links. The charset is the one the page declares (a byte-order mark, or a
 * {@code <meta charset>} or {@code http-equiv} in its first bytes, as browsers pre-scan);
 * only when it declares none is the response's {@code charset} used, and without that UTF-8.
 */
final class HtmlPageReader {

    /** As much of the start of a page as browsers pre-scan for a declared charset. */
    private static final int PRESCAN_BYTES = 1024 * 5;

    Reply answer(HtmlRequest request) {
        try {
            return Reply.page(read(request));
        } catch (ParseFailure failure) {
            return Reply.failed(failure.reason(), failure.getMessage());
        } catch (IOException e) {
            return Reply.failed(Reason.UNREADABLE, request.url() + " could not be read: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // a parser bug or a page made to trip one: that page fails, the child goes on
            return Reply.failed(Reason.UNREADABLE, request.url() + " could not be read: the parser failed (" + e + ")");
        }
    }

    private static HtmlPage read(HtmlRequest request) throws IOException {
        Path file = Path.of(request.file());
        Charset charset = charset(head(file), request.charset());
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = Jsoup.parse(in, charset.name(), request.url());
        }
        PageText text = PageText.of(document.body(), request.maxCharacters());
        if (text.overBudget()) {
            throw new ParseFailure(
                    Reason.TOO_LARGE,
                    request.url() + " has more than " + request.maxCharacters() + " characters of text");
        }
        String language = document.selectFirst("html[lang]") == null
                ? null
                : blankToNull(document.selectFirst("html[lang]").attr("lang"));
        return new HtmlPage(
                blankToNull(document.title()),
                text.text(),
                text.headings(),
                links(document, request.maxLinks()),
                language,
                charset.name());
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PRESCAN_BYTES);
        }
    }

    /** The page's own charset if it declares one; else the response's; else UTF-8. */
    static Charset charset(byte[] head, @Nullable String responseCharset) {
        Charset declared = declared(head);
        if (declared != null) {
            return declared;
        }
        Charset response = supported(responseCharset);
        return response == null ? StandardCharsets.UTF_8 : response;
    }

    private static @Nullable Charset declared(byte[] head) {
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        // every charset a page may declare itself in agrees with ASCII on the markup that declares it
        Document prescan = Jsoup.parse(new String(head, StandardCharsets.ISO_8859_1));
        for (Element meta : prescan.select("meta[charset], meta[http-equiv=content-type][content]")) {
            String name = meta.hasAttr("charset") ? meta.attr("charset") : charsetParameter(meta.attr("content"));
            Charset charset = supported(name);
            if (charset != null) {
                return charset;
            }
        }
        return null;
    }

    private static @Nullable String charsetParameter(String contentType) {
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return null;
        }
        String value = contentType.substring(at + "charset=".length()).strip();
        int end = value.indexOf(';');
        return (end < 0 ? value : value.substring(0, end))
                .replace("\"", "")
                .replace("'", "")
                .strip();
    }

    private static @Nullable Charset supported(@Nullable String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.isSupported(name.strip()) ? Charset.forName(name.strip()) : null;
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        int[] head = new int[prefix.length];
        Arrays.setAll(head, i -> bytes[i] & 0xff);
        return Arrays.equals(head, prefix);
    }

    /** The page's links as absolute http(s) URLs without their fragment, in order, each once. */
    private static List<String> links(Document document, int max) {
        Set<String> links = new LinkedHashSet<>();
        for (Element link : document.select("a[href], area[href]")) {
            String url = absolute(link.absUrl("href"));
            if (url != null) {
                links.add(url);
                if (links.size() >= max) {
                    break;
                }
            }
        }
        return List.copyOf(links);
    }

    private static @Nullable String absolute(String href) {
        if (href.isEmpty()) {
            return null;
        }
        int fragment = href.indexOf('#');
        String url = fragment < 0 ? href : href.substring(0, fragment);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            return web && uri.getHost() != null ? url : null;
        } catch (URISyntaxException e) {
            // a link that is not a URL leads nowhere
            return null;
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
