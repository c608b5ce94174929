package io.jobstream.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/** Which found links a crawl queues, and in what form. */
class UrlScopeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void oneUrlSpelledTwoWaysIsOneUrl() {
        assertThat(UrlScope.normalize("HTTP://Example.COM:80/a/../b/./c.html#part"))
                .isEqualTo("http://example.com/b/c.html");
        assertThat(UrlScope.normalize("mailto:someone@example.com")).isNull();
        assertThat(UrlScope.normalize("http://example.com/" + "x".repeat(UrlScope.MAX_URL_LENGTH)))
                .isNull();
    }

    @Test
    void linksStayOnTheSeedsHostsAndWithinTheirPatterns() {
        UrlScope scope = scope(Map.of(
                "seeds",
                List.of("https://docs.example.com/start"),
                "include",
                List.of("/guide/", "/api/"),
                "exclude",
                List.of("\\.zip$")));

        assertThat(scope.allows("https://docs.example.com/guide/intro.html")).isTrue();
        assertThat(scope.allows("https://docs.example.com/blog/post.html")).isFalse();
        assertThat(scope.allows("https://docs.example.com/api/all.zip")).isFalse();
        assertThat(scope.allows("https://example.com/guide/intro.html")).isFalse();
        assertThat(scope(Map.of("seeds", List.of("https://docs.example.com/"), "same_host", false))
                        .allows("https://example.com/guide/intro.html"))
                .isTrue();
    }

    @Test
    // the JDK answers this pattern on such a URL in minutes; the guard in seconds at most
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPatternThatBacktracksForEverLeavesTheUrlOutInsteadOfHangingTheCrawl() {
        UrlScope scope = scope(Map.of("seeds", List.of("http://a.example/"), "exclude", List.of("(.*a){20}b")));
        String url = "http://a.example/" + "a".repeat(28) + "!";

        long started = System.nanoTime();
        assertThat(scope.allows(url)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static UrlScope scope(Map<String, ?> payload) {
        return new UrlScope(CrawlRequest.of(JSON.valueToTree(payload)));
    }
}
