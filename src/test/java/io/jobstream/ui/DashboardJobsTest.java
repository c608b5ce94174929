package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The jobs table in a real browser: rows, counts and bars that move live from one stream. */
@JobstreamTest
class DashboardJobsTest {

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void aJobsBarMovesToTheEndWithoutReloading() {
        String user = "table-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String done = api.submit("demo", Map.of("stages", 1)).get("id").asString();
        api.awaitStatus(done, "completed");
        Page page = dashboard.loginAs(user);
        page.locator("tr[data-job-id='" + done + "']").waitFor();
        List<String> navigations = new CopyOnWriteArrayList<>();
        page.onFrameNavigated(frame -> navigations.add(frame.url()));

        String running = api.submit("demo", Map.of("stages", 4, "stage_ms", 700))
                .get("id")
                .asString();

        var row = page.locator("tr[data-job-id='" + running + "']");
        row.waitFor();
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(row.getAttribute("data-status")));
        assertThat(row.locator("progress").evaluate("bar => bar.value")).isEqualTo(100);
        assertThat(row.locator(".percent").textContent()).isEqualTo("100 %");
        assertThat(navigations).as("the page was not reloaded").isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                page.locator(".count[data-status=completed]").textContent())
                        .isEqualTo("2"));
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void fiftyActiveJobsMoveLiveThroughOneStream() {
        Instant since = Instant.now().minusSeconds(1);
        // three owners, as the tests' quota is 20 active jobs each; an admin sees them all
        List<ApiClient> owners = IntStream.range(0, 3)
                .mapToObj(i -> ApiClient.as("fifty-" + UUID.randomUUID(), port))
                .toList();
        List<String> ids = IntStream.range(0, 50)
                .mapToObj(i -> owners.get(i % 3)
                        .submit("demo", Map.of("stages", 3, "stage_ms", 700))
                        .get("id")
                        .asString())
                .toList();
        Page page = dashboard.loginAs(
                "admin-" + UUID.randomUUID(),
                "/ui/?everyone=1&created_from=" + since,
                new com.microsoft.playwright.Browser.NewContextOptions());
        page.locator("tr[data-job-id='" + ids.getFirst() + "']").waitFor();

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        var row = page.locator("tr[data-job-id='" + id + "']");
                        assertThat(row.getAttribute("data-status")).as(id).isEqualTo("completed");
                        assertThat(row.locator("progress").evaluate("bar => bar.value"))
                                .as(id)
                                .isEqualTo(100);
                    }
                });
        assertThat(page.locator("tbody tr").count()).isEqualTo(50);
        assertThat(dashboard.requests())
                .filteredOn(request -> request.contains("/events"))
                .as("one stream for the whole table")
                .hasSize(1)
                .allMatch(request -> request.startsWith("GET " + dashboard.url("/api/jobs/events?")));
        assertThat(dashboard.console()).isEmpty();
    }
}
