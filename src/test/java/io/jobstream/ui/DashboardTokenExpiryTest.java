package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Access tokens that expire while the dashboard is open: the issuer's answers are rewritten so
 * that every access token it hands the page lives {@link #LIFETIME_S} seconds (signed by the
 * issuer all the same; the API refuses one a minute after it expired, its allowance for clock
 * skew). The page renews them with the refresh token before they expire, and its live stream,
 * broken after the first token expired, comes back with a fresh stream token got with a
 * renewed access token: a job submitted after that still moves in the table.
 */
@JobstreamTest
class DashboardTokenExpiryTest {

    private static final long LIFETIME_S = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void liveUpdatesOutliveTheAccessToken() {
        String user = "expiring-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        List<String> issued = new CopyOnWriteArrayList<>();
        List<String> streamTokenAuthorizations = new CopyOnWriteArrayList<>();
        try (Dashboard dashboard = Dashboard.open(port)) {
            Page page = dashboard.loginAs(user, "/ui/", new Browser.NewContextOptions(), context -> {
                shortLivedTokens(context, user, issued);
                context.onRequest(request -> {
                    if (request.url().endsWith("/api/stream-tokens")) {
                        streamTokenAuthorizations.add(request.headerValue("authorization"));
                    }
                });
            });
            String first = api.submit("demo", Map.of("stages", 1)).get("id").asString();
            page.locator("tr[data-job-id='" + first + "']").waitFor();

            // well past the first token's life: the page has renewed it twice (Playwright runs the
            // route above only while the test calls into it, hence its own wait)
            page.waitForCondition(() -> issued.size() >= 3, new Page.WaitForConditionOptions().setTimeout(30_000));
            page.context().setOffline(true);
            page.locator(".live-light:not(.on)").waitFor();
            page.context().setOffline(false);
            page.locator(".live-light.on").waitFor();

            String later = api.submit("demo", Map.of("stages", 3, "stage_ms", 500))
                    .get("id")
                    .asString();
            var row = page.locator("tr[data-job-id='" + later + "']");
            row.waitFor();
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(row.getAttribute("data-status")));
            assertThat(row.locator("progress").evaluate("bar => bar.value")).isEqualTo(100);
            assertThat(dashboard.requests())
                    .filteredOn(request -> request.contains("/api/jobs/events"))
                    .as("the stream was opened again after the break")
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(page.locator(".problem").count()).isZero();
            // the stream came back with a stream token got with a renewed access token
            assertThat(streamTokenAuthorizations).hasSizeGreaterThanOrEqualTo(2);
            assertThat(streamTokenAuthorizations.getLast())
                    .isNotEqualTo("Bearer " + issued.getFirst())
                    .isIn(issued.stream()
                            .skip(1)
                            .map(token -> "Bearer " + token)
                            .toList());
            assertThat(page.url()).startsWith(dashboard.url("/ui/"));
        }
    }

    /** Every token the issuer answers is swapped for one of {@link #LIFETIME_S} seconds for the same user. */
    private static void shortLivedTokens(BrowserContext context, String user, List<String> issued) {
        context.route("**/default/token", route -> {
            var answer = route.fetch();
            ObjectNode tokens = (ObjectNode) JSON.readTree(answer.text());
            if (answer.status() == 200 && tokens.has("access_token")) {
                String token = TestInfrastructure.issuer()
                        .issueToken(
                                TestInfrastructure.ISSUER_ID,
                                user,
                                "jobstream",
                                Map.of("scope", "jobs:read jobs:write"),
                                LIFETIME_S)
                        .serialize();
                tokens.put("access_token", token);
                tokens.put("expires_in", LIFETIME_S);
                issued.add(token);
            }
            route.fulfill(new Route.FulfillOptions().setResponse(answer).setBody(JSON.writeValueAsString(tokens)));
        });
    }
}
