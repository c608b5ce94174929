package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The dashboard's page as a browser gets it, without a token: {@code /} leads to it, every
 * view's address answers the same page (so a shared link reloads), its assets are served,
 * it is told where to log in, and its Content-Security-Policy allows no inline script.
 */
@JobstreamTest
class DashboardPageTest {

    @LocalServerPort
    int port;

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void rootLeadsToTheDashboard() {
        http().get()
                .uri("/")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .location("/ui/");
        http().get()
                .uri("/ui")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .location("/ui/");
    }

    @Test
    void everyViewAddressAnswersThePageWithAStrictPolicy() {
        for (String path : new String[] {"/ui/", "/ui/jobs/6f1c0a4e-0000-4000-8000-000000000000", "/ui/files"}) {
            var result = http().get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class)
                    .returnResult();
            assertThat(result.getResponseBody())
                    .as(path)
                    .contains("<script type=\"module\" src=\"/ui/assets/app.js\">");
            String policy = result.getResponseHeaders().getFirst("Content-Security-Policy");
            assertThat(policy).as(path).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'");
            assertThat(policy).as(path).doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(result.getResponseHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() {
        String page = http().get()
                .uri("/ui/")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page);
        while (scripts.find()) {
            assertThat(scripts.group(1)).as("every script is a file").contains("src=");
        }
        assertThat(page).doesNotContain("<style", "style=\"", "onclick=");
    }

    @Test
    void assetsAreServedAndThePageIsToldWhereToLogIn() {
        http().get()
                .uri("/ui/assets/app.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(new MediaType("text", "javascript"));
        http().get().uri("/ui/assets/app.css").exchange().expectStatus().isOk();
        http().get()
                .uri("/ui/config.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.issuer")
                .isEqualTo(TestInfrastructure.issuerUri())
                .jsonPath("$.client_id")
                .isEqualTo("jobstream-ui")
                .jsonPath("$.scope")
                .isEqualTo("openid jobs:read jobs:write");
        http().get().uri("/ui/assets/missing.js").exchange().expectStatus().isNotFound();
    }

    @Test
    void theApiStillNeedsAToken() {
        http().get()
                .uri("/api/jobs")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .exists(HttpHeaders.WWW_AUTHENTICATE);
    }
}
