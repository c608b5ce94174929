package io.jobstream.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.DocumentServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Fetches from a real HTTP server on 127.0.0.1, the one address these fetchers may reach. */
class UrlFetcherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final byte[] TEXT = "Known text of a known document.\n".getBytes(StandardCharsets.UTF_8);

    private final DocumentServer server = DocumentServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static UrlFetcher fetcher(String... allowedNetworks) {
        return fetcher(Duration.ofSeconds(5), allowedNetworks);
    }

    private static UrlFetcher fetcher(Duration timeout, String... allowedNetworks) {
        return new UrlFetcher(
                new FetchProperties(List.of(allowedNetworks), DataSize.ofKilobytes(1), timeout, 5, "jobstream-test"));
    }

    /** The whole body as text, read from the download as a caller would. */
    private static Mono<String> text(Download download) {
        return DataBufferUtils.join(download.body()).map(buffer -> {
            String text = buffer.toString(StandardCharsets.UTF_8);
            DataBufferUtils.release(buffer);
            return text;
        });
    }

    private record Read(Download download, String text) {}

    private static Mono<Read> read(Download download) {
        return text(download).map(text -> new Read(download, text));
    }

    private static void failsWith(Mono<?> fetch, String message) {
        StepVerifier.create(fetch)
                .expectErrorSatisfies(error ->
                        assertThat(error).isInstanceOf(FetchException.class).hasMessage(message))
                .verify(PATIENCE);
    }

    @Test
    void fetchReturnsTheBytesTheContentTypeAndTheName() {
        server.document("/docs/report.txt", "text/plain; charset=utf-8", TEXT);

        StepVerifier.create(fetcher("127.0.0.1/32")
                        .fetch(server.url("/docs/report.txt"))
                        .flatMap(UrlFetcherTest::read))
                .assertNext(read -> {
                    Download download = read.download();
                    assertThat(download.url()).isEqualTo(server.url("/docs/report.txt"));
                    assertThat(download.contentType()).isEqualTo(MediaType.parseMediaType("text/plain;charset=utf-8"));
                    assertThat(download.contentType().getCharset()).isEqualTo(StandardCharsets.UTF_8);
                    assertThat(download.contentLength()).isEqualTo(OptionalLong.of(TEXT.length));
                    assertThat(download.filename()).isEqualTo("report.txt");
                    assertThat(read.text()).isEqualTo(new String(TEXT, StandardCharsets.UTF_8));
                })
                .expectComplete()
                .verify(PATIENCE);
        assertThat(server.requests())
                .extracting(DocumentServer.Request::userAgent)
                .containsExactly("jobstream-test");
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() {
        server.document("/doc", "text/plain", TEXT);

        failsWith(fetcher().fetch(server.url("/doc")), "refused: 127.0.0.1 is a loopback address");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.2:{port}/doc                    | refused: 127.0.0.2 is a loopback address
            http://169.254.169.254/latest/meta-data/       | refused: 169.254.169.254 is a link-local address
            http://10.0.0.1/internal                       | refused: 10.0.0.1 is a private address
            file:///etc/passwd                             | only http and https URLs can be fetched: file:///etc/passwd
            """)
    void redirectToARefusedAddressIsRefused(String location, String message) {
        String target =
                location.replace("{port}", Integer.toString(server.url("/").getPort()));
        server.redirect("/away", target).document("/doc", "text/plain", TEXT);

        failsWith(fetcher("127.0.0.1/32").fetch(server.url("/away")), message);
        assertThat(server.requests()).extracting(DocumentServer.Request::path).containsExactly("/away");
    }

    @Test
    void fiveRedirectsAreFollowedAndTheFinalUrlReported() {
        redirectChain(5);

        StepVerifier.create(fetcher("127.0.0.1/32").fetch(server.url("/hop5")).flatMap(UrlFetcherTest::read))
                .assertNext(read -> {
                    assertThat(read.download().url()).isEqualTo(server.url("/doc"));
                    assertThat(read.text()).isEqualTo(new String(TEXT, StandardCharsets.UTF_8));
                })
                .expectComplete()
                .verify(PATIENCE);
    }

    @Test
    void sixRedirectsAreRefused() {
        redirectChain(6);

        failsWith(fetcher("127.0.0.1/32").fetch(server.url("/hop6")), "more than 5 redirects");
        assertThat(server.requests()).extracting(DocumentServer.Request::path).doesNotContain("/doc");
    }

    /** {@code /hopN} redirects to {@code /hop(N-1)}, relatively, and {@code /hop1} to the document. */
    private void redirectChain(int hops) {
        server.document("/doc", "text/plain", TEXT);
        server.redirect("/hop1", "/doc");
        for (int hop = 2; hop <= hops; hop++) {
            server.redirect("/hop" + hop, "/hop" + (hop - 1));
        }
    }

    /** The server announces more than the cap and then sends (almost) nothing: no reading, no waiting. */
    @Test
    void contentLengthOverTheCapIsRefusedBeforeTheBodyIsRead() {
        server.stallingBody("/big", 50_000, new byte[10]);

        failsWith(fetcher(Duration.ofSeconds(30), "127.0.0.1/32").fetch(server.url("/big")), "larger than 1 KB");
    }

    @Test
    void chunkedBodyOverTheCapFailsWhileStreaming() {
        byte[] chunk = new byte[400];
        Arrays.fill(chunk, (byte) 'x');
        server.chunked("/stream", chunk, chunk, chunk, chunk);

        failsWith(
                fetcher("127.0.0.1/32").fetch(server.url("/stream")).flatMap(UrlFetcherTest::text), "larger than 1 KB");
    }

    @Test
    void bodyUnderTheCapWithoutContentLengthIsRead() {
        byte[] chunk = new byte[500];
        Arrays.fill(chunk, (byte) 'y');
        server.chunked("/stream", chunk, chunk);

        StepVerifier.create(fetcher("127.0.0.1/32").fetch(server.url("/stream")).flatMap(UrlFetcherTest::text))
                .expectNext("y".repeat(1000))
                .expectComplete()
                .verify(PATIENCE);
    }

    @Test
    void serverThatStallsBeforeAnsweringTimesOut() {
        server.silent("/slow");

        failsWith(fetcher(Duration.ofMillis(800), "127.0.0.1/32").fetch(server.url("/slow")), "timed out after 800ms");
    }

    /** The limit is for the whole fetch: a body that stops coming fails too, even after the headers came. */
    @Test
    void bodyThatStallsTimesOut() {
        server.stallingBody("/slow-body", 0, new byte[10]);

        failsWith(
                fetcher(Duration.ofSeconds(1), "127.0.0.1/32")
                        .fetch(server.url("/slow-body"))
                        .flatMap(UrlFetcherTest::text),
                "timed out after 1s");
    }

    @Test
    void errorStatusFailsNamingTheStatus() {
        server.status("/missing", 404);
        server.status("/broken", 503);

        failsWith(fetcher("127.0.0.1/32").fetch(server.url("/missing")), "HTTP 404 Not Found");
        failsWith(fetcher("127.0.0.1/32").fetch(server.url("/broken")), "HTTP 503 Service Unavailable");
    }

    @Test
    void unreachableServerFailsWithAReason() {
        URI closed = server.url("/doc");
        server.close();

        StepVerifier.create(fetcher("127.0.0.1/32").fetch(closed))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FetchException.class)
                        .hasMessageStartingWith("could not fetch from 127.0.0.1: "))
                .verify(PATIENCE);
    }

    @Test
    void earlyCheckRefusesWhatTheFetchWould() {
        StepVerifier.create(fetcher().refusal(URI.create("http://127.0.0.1/doc")))
                .expectNext("127.0.0.1 is a loopback address; documents are fetched from public addresses only")
                .expectComplete()
                .verify(PATIENCE);
        StepVerifier.create(fetcher().refusal(URI.create("ftp://example.com/doc")))
                .expectNext("only http and https URLs can be fetched: ftp://example.com/doc")
                .expectComplete()
                .verify(PATIENCE);
    }
}
