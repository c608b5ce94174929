package io.jobstream.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code crawl} end to end, against a small site this test serves on 127.0.0.1: ten linked
 * pages, a robots.txt that forbids a path and names a sitemap, a redirect loop, a 404, a linked
 * PDF, a 5 MB page, pages in ISO-8859-1 and UTF-8; what the job found, and what the site saw.
 */
@JobstreamTest
class CrawlJobTest {

    /** A parser JVM starts first: seconds on a busy machine. */
    private static final Duration CRAWL = Duration.ofMinutes(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    TestSite site;

    @BeforeEach
    void start() {
        alice = ApiClient.as("crawl-" + UUID.randomUUID(), port);
        site = TestSite.start();
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void aSiteIsCrawledWithinItsRulesAndEveryPageBecomesADocument() throws IOException {
        serveSite("/s");
        Map<String, Object> payload = Map.of(
                "seeds",
                List.of(site.url("/s/index.html")),
                "max_depth",
                3,
                "chunking",
                Map.of("strategy", "by_heading"));
        String id = alice.submit("web_crawling", payload).get("id").asString();
        JsonNode done = alice.awaitStatus(id, "completed", CRAWL);

        assertThat(done.get("type").asString()).isEqualTo("crawl");
        Map<String, JsonNode> pages = pages(id);
        // the index, nine pages it links, the special pages, three deep ones and the sitemap's page
        assertThat(pages.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(new String[] {
                            "/s/index.html", "/s/latin.html", "/s/utf8.html", "/s/report.pdf", "/s/big.html",
                            "/s/missing.html", "/s/loop-a", "/s/deep/1.html", "/s/deep/2.html", "/s/deep/3.html",
                            "/s/from-sitemap.html", "/s/old.html"
                        })
                        .map(site::url)
                        .collect(Collectors.collectingAndThen(Collectors.toList(), list -> {
                            IntStream.rangeClosed(1, 9).forEach(n -> list.add(site.url("/s/page-" + n + ".html")));
                            return list;
                        })));
        assertThat(done.get("total_documents").asInt()).isEqualTo(pages.size());
        assertThat(done.get("failed_count").asInt()).isEqualTo(3);
        assertThat(done.get("processed_count").asInt()).isEqualTo(pages.size() - 3);

        // robots.txt: the forbidden path is never asked for; nor what lies beyond max_depth
        assertThat(site.requestsUnder("/s/private/")).isZero();
        assertThat(site.requestsFor("/s/deep/4.html")).isZero();
        assertThat(done.at("/result/disallowed_count").asInt()).isEqualTo(1);
        // each page once; the loop ended at the fetcher's hop limit (5 redirects) and the crawl went on
        assertThat(site.requests())
                .filteredOn(request -> !request.path().startsWith("/s/loop-"))
                .extracting(TestSite.Request::path)
                .doesNotHaveDuplicates();
        assertThat(site.requestsUnder("/s/loop-")).isEqualTo(6);
        assertThat(pages.get(site.url("/s/loop-a")).get("error").asString()).isEqualTo("more than 5 redirects");
        assertThat(site.requests())
                .extracting(TestSite.Request::userAgent)
                .allSatisfy(agent -> assertThat(agent).startsWith("jobstream-crawler/"));

        JsonNode index = pages.get(site.url("/s/index.html"));
        assertThat(index.get("status").asInt()).isEqualTo(200);
        assertThat(index.get("title").asString()).isEqualTo("Home");
        assertThat(index.get("text").asString()).startsWith("Welcome\n\nThe home page of a small site.");
        assertThat(index.get("links")).extracting(JsonNode::asString).contains(site.url("/s/page-1.html"));
        assertThat(index.get("fetched_at").asString()).isNotBlank();
        assertThat(pages.get(site.url("/s/page-3.html")).get("text").asString())
                .isEqualTo("Page 3\n\nText of page 3.\n\nhome");
        assertThat(pages.get(site.url("/s/latin.html")).get("text").asString())
                .isEqualTo("Crème brûlée à la française");
        assertThat(pages.get(site.url("/s/utf8.html")).get("text").asString()).isEqualTo("Ünïcödé: naïve café ☕");
        assertThat(pages.get(site.url("/s/report.pdf")).get("text").asString()).contains("A linked PDF page.");
        JsonNode moved = pages.get(site.url("/s/old.html"));
        assertThat(moved.get("final_url").asString()).isEqualTo(site.url("/s/new.html"));
        assertThat(moved.get("text").asString()).isEqualTo("Moved here.");
        assertThat(site.requestsFor("/s/new.html")).isEqualTo(1);
        JsonNode missing = pages.get(site.url("/s/missing.html"));
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("error").asString()).isEqualTo("HTTP 404 Not Found");
        // refused on its Content-Length: not a byte of its body read
        assertThat(pages.get(site.url("/s/big.html")).get("error").asString()).isEqualTo("larger than 2 MB");

        // chunks on request, with the pages' headings; the result stays the crawl's
        assertThat(alice.artifact(id, "chunks.jsonl").lines().map(JSON::readTree))
                .anySatisfy(chunk -> {
                    assertThat(chunk.get("heading").asString()).isEqualTo("Page 3");
                    assertThat(chunk.get("text").asString()).startsWith("Page 3\n\nText of page 3.");
                });
        assertThat(done.at("/result/pages").asInt()).isEqualTo(pages.size());
        // progress: pages fetched and URLs still queued
        assertThat(alice.getJson("/api/jobs/{id}/logs?limit=1000", id).get("logs"))
                .extracting(line -> line.get("message").asString())
                .anyMatch(message -> message.matches("\\[crawling] fetched 1 page\\(s\\), \\d+ queued"))
                .anyMatch(message -> message.matches(
                        "\\[crawling] fetched " + pages.size() + " page\\(s\\) \\(3 failed\\), 0 queued"));

        JsonNode documents =
                alice.getJson("/api/jobs/{id}/documents?limit=100", id).get("documents");
        assertThat(documents).hasSize(pages.size());
        JsonNode first = documents.get(0);
        assertThat(first.get("url").asString()).isEqualTo(site.url("/s/index.html"));
        assertThat(first.get("status").asString()).isEqualTo("completed");
        assertThat(first.at("/metadata/title").asString()).isEqualTo("Home");
    }

    @Test
    void aCrawlStopsAtMaxPagesAndVisitsInTheOrderFound() throws IOException {
        serveSite("/s");
        String id = alice.submit("crawl", Map.of("seeds", List.of(site.url("/s/index.html")), "max_pages", 4))
                .get("id")
                .asString();
        JsonNode done = alice.awaitStatus(id, "completed", CRAWL);

        assertThat(pages(id).keySet())
                .containsExactlyInAnyOrder(
                        site.url("/s/index.html"),
                        site.url("/s/page-1.html"),
                        site.url("/s/page-2.html"),
                        site.url("/s/page-3.html"));
        assertThat(site.requests())
                .extracting(TestSite.Request::path)
                .filteredOn(path -> path.startsWith("/s/"))
                .containsExactly("/s/index.html", "/s/page-1.html", "/s/page-2.html", "/s/page-3.html");
        assertThat(done.get("total_documents").asInt()).isEqualTo(4);
        assertThat(done.at("/result/queued_count").asInt()).isPositive();
    }

    @Test
    void aRedirectToAPathTheRobotsTxtForbidsIsNotFollowed() {
        site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n");
        site.page("/index.html", "<html><body><a href=\"/go.html\">go</a></body></html>");
        site.redirect("/go.html", "/private/secret.html");
        site.page("/private/secret.html", "<html><body><p>Not for crawlers.</p></body></html>");
        String id = alice.submit("crawl", Map.of("seeds", List.of(site.url("/index.html")), "sitemaps", false))
                .get("id")
                .asString();
        alice.awaitStatus(id, "completed", CRAWL);

        assertThat(site.requestsFor("/go.html")).isEqualTo(1);
        assertThat(site.requestsUnder("/private/")).isZero();
        assertThat(pages(id).get(site.url("/go.html")).get("error").asString())
                .isEqualTo("redirected to " + site.url("/private/secret.html") + ": robots.txt forbids it");
    }

    @Test
    void theEmbeddedPagesOfACrawlAreFoundBySearch() {
        site.page("/robots.txt", "");
        site.page(
                "/index.html",
                "<html><body><h1>Travel notes</h1><p>The Eiffel Tower stands in Paris, on the Seine.</p>"
                        + "<a href=\"/water.html\">water</a></body></html>");
        site.page(
                "/water.html",
                "<html><body><h1>Kitchen physics</h1><p>Water boils at 100 degrees Celsius at sea level.</p>"
                        + "</body></html>");
        String id = alice.submit(
                        "crawl", Map.of("seeds", List.of(site.url("/index.html")), "sitemaps", false, "embed", true))
                .get("id")
                .asString();
        alice.awaitStatus(id, "completed", CRAWL);

        JsonNode hits = alice.search(Map.of("query", "At what temperature does water boil?", "job_ids", List.of(id)))
                .get("results");

        assertThat(hits.get(0).get("text").asString()).contains("Water boils at 100 degrees");
        assertThat(alice.getJson("/api/jobs/{id}/artifacts", id).findValuesAsString("name"))
                .contains("pages.jsonl", "chunks.jsonl", "embeddings.jsonl");
    }

    @Test
    void aRunningCrawlIsCancelledPromptlyAndRequestsNothingMore() {
        site.page("/robots.txt", "");
        StringBuilder links = new StringBuilder();
        for (int n = 1; n <= 9; n++) {
            links.append("<a href=\"/p").append(n).append(".html\">").append(n).append("</a>");
            site.page("/p" + n + ".html", "<html><body><p>Page " + n + "</p></body></html>");
        }
        site.page("/index.html", "<html><body>" + links + "</body></html>");
        String id = alice.submit(
                        "crawl", Map.of("seeds", List.of(site.url("/index.html")), "delay_ms", 1500, "sitemaps", false))
                .get("id")
                .asString();
        await().atMost(CRAWL).until(() -> alice.get(id).path("total_documents").asInt() >= 1);

        alice.cancel(id);

        await().atMost(Duration.ofSeconds(2))
                .until(() -> alice.get(id).get("status").asString().equals("cancelled"));
        long asked = site.requests().size();
        // the next page was due 1.5 s after the last: none comes
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> site.requests().size() == asked);
        assertThat(asked).isLessThan(5);
    }

    @Test
    void aSiteWhoseRobotsTxtFailsIsNotCrawledAndTheJobSaysWhy() {
        site.status("/robots.txt", 503);
        site.page("/index.html", "<html><body><p>Never read.</p></body></html>");

        String id = alice.submit("crawl", Map.of("seeds", List.of(site.url("/index.html"))))
                .get("id")
                .asString();
        JsonNode failed = alice.awaitStatus(id, "failed", CRAWL);

        assertThat(failed.get("error_code").asString()).isEqualTo("FETCH_ERROR");
        assertThat(failed.get("error").asString())
                .contains("no page was requested")
                .contains("robots.txt could not be had (HTTP 503 Service Unavailable)");
        assertThat(site.requests()).extracting(TestSite.Request::path).containsExactly("/robots.txt");
    }

    @Test
    void aBadSeedOrTooManyPagesIsRefusedAtSubmitNamingTheField() {
        assertThat(refusedFields(Map.of("seeds", List.of(site.url("/"), "http://"))))
                .containsExactly("payload.seeds[1]");
        assertThat(refusedFields(Map.of("seeds", List.of(site.url("/")), "max_pages", 10_001)))
                .containsExactly("payload.max_pages");
        assertThat(refusedFields(Map.of("seeds", List.of(site.url("/")), "exclude", List.of("/ok", "(unclosed"))))
                .containsExactly("payload.exclude[1]");
        assertThat(refusedFields(Map.of("seeds", List.of("ftp://example.com/"))))
                .containsExactly("payload.seeds[0]");
    }

    /** The fields a 400 for this payload names. */
    private List<String> refusedFields(Map<String, ?> payload) {
        byte[] body = alice.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "crawl", "payload", payload))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .returnResult()
                .getResponseBody();
        List<String> fields = new ArrayList<>();
        JSON.readTree(body)
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    /** Lines of pages.jsonl by URL. */
    private Map<String, JsonNode> pages(String id) {
        return alice.artifact(id, "pages.jsonl")
                .lines()
                .map(JSON::readTree)
                .collect(Collectors.toMap(line -> line.get("url").asString(), Function.identity()));
    }

    /** The site under {@code prefix}; robots.txt and the sitemap are at the root. */
    private void serveSite(String prefix) throws IOException {
        StringBuilder links = new StringBuilder();
        for (int n = 1; n <= 9; n++) {
            links.append("<li><a href=\"page-")
                    .append(n)
                    .append(".html\">Page ")
                    .append(n)
                    .append("</a></li>");
            site.page(
                    prefix + "/page-" + n + ".html",
                    "<html><head><title>Page " + n + "</title></head><body><h1>Page " + n + "</h1><p>Text of page " + n
                            + ".</p><a href=\"index.html#top\">home</a>"
                            + (n == 9 ? "<a href=\"new.html\">new</a>" : "")
                            + "</body></html>");
        }
        for (String special : List.of(
                "private/secret.html", "loop-a", "missing.html", "report.pdf", "big.html", "latin.html", "old.html")) {
            links.append("<a href=\"")
                    .append(special)
                    .append("\">")
                    .append(special)
                    .append("</a> ");
        }
        links.append("<a href=\"").append(prefix).append("/utf8.html\">utf8</a> ");
        links.append("<a href=\"deep/1.html\">deep</a> <a href=\"https://elsewhere.invalid/\">elsewhere</a>");
        site.page(
                prefix + "/index.html",
                "<html><head><title>Home</title><script>var hidden = 1;</script></head><body><h1>Welcome</h1>"
                        + "<p>The home page of a small site.</p><ul>" + links + "</ul></body></html>");
        site.document(
                "/robots.txt",
                "text/plain",
                ("User-agent: *\nDisallow: " + prefix + "/private/\n\nSitemap: " + site.url("/sitemap.xml") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        site.document(
                "/sitemap.xml",
                "application/xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                                + "<url><loc>" + site.url(prefix + "/from-sitemap.html") + "</loc></url></urlset>")
                        .getBytes(StandardCharsets.UTF_8));
        site.page(prefix + "/from-sitemap.html", "<html><body><p>Only the sitemap links here.</p></body></html>");
        site.page(prefix + "/private/secret.html", "<html><body>secret</body></html>");
        // linked from the index (depth 1), and its target from page 9 (depth 2): fetched once, through the redirect
        site.redirect(prefix + "/old.html", prefix + "/new.html");
        site.page(prefix + "/new.html", "<html><body><p>Moved here.</p></body></html>");
        site.redirect(prefix + "/loop-a", prefix + "/loop-b");
        site.redirect(prefix + "/loop-b", prefix + "/loop-a");
        Path pdf = new TestDocuments(directory)
                .textPdf("report.pdf", "Linked report", "Ada Lovelace", List.of("A linked PDF page."));
        site.document(prefix + "/report.pdf", MediaType.APPLICATION_PDF_VALUE, Files.readAllBytes(pdf));
        byte[] big = ("<html><body><p>" + "big ".repeat(5 * 1024 * 1024 / 4) + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        site.document(prefix + "/big.html", "text/html", big);
        // no charset in the page: the response's applies
        site.document(
                prefix + "/latin.html",
                "text/html; charset=ISO-8859-1",
                "<html><body><p>Crème brûlée à la française</p></body></html>".getBytes(StandardCharsets.ISO_8859_1));
        // the page declares UTF-8, which wins over the response's (wrong) charset
        site.document(
                prefix + "/utf8.html",
                "text/html; charset=ISO-8859-1",
                "<html><head><meta charset=\"utf-8\"></head><body><p>Ünïcödé: naïve café ☕</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8));
        for (int depth = 1; depth <= 4; depth++) {
            site.page(
                    prefix + "/deep/" + depth + ".html",
                    "<html><body><p>Depth " + depth + "</p><a href=\"" + (depth + 1)
                            + ".html\">deeper</a></body></html>");
        }
    }
}
