package io.jobstream.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.Instances;
import io.jobstream.support.JobstreamTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * A {@code crawl} whose instance dies part-way, as the site and the user see it: the job
 * resumes on this instance and fetches none of the pages it had again.
 */
@JobstreamTest
class CrawlInterruptionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int PAGES = 10;

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    ApiClient alice;
    TestSite site;

    @BeforeEach
    void start() {
        alice = ApiClient.as("crawl-interrupted-" + UUID.randomUUID(), port);
        site = TestSite.start();
        site.page("/robots.txt", "");
        // a site per attempt to land the job on the instance to kill (/r<attempt>/...), so that each
        // one's requests are its own: an index linking pages p1 to p9
        site.generated(CrawlInterruptionTest::page);
    }

    private static Optional<String> page(String path) {
        Matcher page = Pattern.compile("(/r\\d+)/(index|p\\d)\\.html").matcher(path);
        if (!page.matches()) {
            return Optional.empty();
        }
        if (!page.group(2).equals("index")) {
            return Optional.of("<html><body><p>Page " + page.group(2) + "</p></body></html>");
        }
        StringBuilder links = new StringBuilder();
        for (int n = 1; n < PAGES; n++) {
            links.append("<a href=\"")
                    .append(page.group(1))
                    .append("/p")
                    .append(n)
                    .append(".html\">");
            links.append(n).append("</a>");
        }
        return Optional.of("<html><body>" + links + "</body></html>");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    // a second instance in a JVM of its own starts, takes the job and dies: more than the default limit
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aCrawlWhoseInstanceIsKilledResumesElsewhereWithoutFetchingItsPagesAgain() throws Exception {
        String killed = "killed-crawler-" + UUID.randomUUID();
        Path output = Files.createTempFile("jobstream-killed-crawler", ".log");
        Process process =
                Instances.startProcess(killed, output, Map.of("jobstream.fetch.allowed-networks", "127.0.0.0/8"));
        try {
            Landed landed = landOn(killed, process, output);
            String id = landed.id();
            String prefix = landed.prefix();
            // caught part-way: a few pages recorded, the rest due 700 ms apart
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> documents(id).size() >= 3);

            process.destroyForcibly().waitFor();

            List<String> had = urls(documents(id));
            assertThat(had).as("pages had when the instance died").hasSizeLessThan(PAGES);
            JsonNode job = alice.awaitStatus(id, "completed", PATIENCE);
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.get("total_documents").asInt()).isEqualTo(PAGES);
            assertThat(job.get("processed_count").asInt()).isEqualTo(PAGES);
            List<String> all = urls(documents(id));
            assertThat(all).hasSize(PAGES).doesNotHaveDuplicates().containsAll(had);
            assertThat(all.subList(0, had.size())).isEqualTo(had);
            // every page the job had before the kill was asked for once, across both instances; a
            // page being fetched as the instance died may have been asked for again
            for (String url : had) {
                assertThat(site.requestsFor(URI.create(url).getPath())).as(url).isEqualTo(1);
            }
            assertThat(site.requests())
                    .filteredOn(request -> request.path().startsWith(prefix + "/"))
                    .hasSizeBetween(PAGES, PAGES + 1);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /** A crawl of the site under {@code prefix}, running on the instance to kill. */
    private record Landed(String prefix, String id) {}

    /** Submits crawls, each of a site of its own, until one runs on {@code instance}; cancels the others. */
    private Landed landOn(String instance, Process process, Path output) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError(instance + " ended; its output:\n" + Instances.output(output));
            }
            String prefix = "/r" + attempt;
            Map<String, Object> payload =
                    Map.of("seeds", List.of(site.url(prefix + "/index.html")), "delay_ms", 700, "sitemaps", false);
            String id = alice.submit("crawl", payload).get("id").asString();
            alice.awaitStatus(id, "processing", PATIENCE);
            if (Instances.holder(db, id).filter(instance::equals).isPresent()) {
                return new Landed(prefix, id);
            }
            alice.cancel(id);
        }
        throw new AssertionError("no crawl landed on " + instance + " within 120 s");
    }

    private JsonNode documents(String id) {
        return alice.getJson("/api/jobs/{id}/documents?limit=100", id).get("documents");
    }

    /** The documents' URLs, in document order. */
    private static List<String> urls(JsonNode documents) {
        return StreamSupport.stream(documents.spliterator(), false)
                .map(document -> document.get("url").asString())
                .collect(Collectors.toList());
    }
}
