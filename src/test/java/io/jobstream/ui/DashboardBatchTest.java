package io.jobstream.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.jobstream.ui.DashboardActions.button;
import static io.jobstream.ui.DashboardActions.confirmWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The batch page in a real browser: its bar, counts and rows move live; a writer cancels it. */
@JobstreamTest
class DashboardBatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void theBatchBarReachesTheEndLive() {
        String user = "batchpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        JsonNode batch = submitBatch(api, "nightly", 3, Map.of("stages", 4, "stage_ms", 1500));
        String id = batch.get("batch_id").asString();
        Page page = dashboard.loginAs(user, "/ui/batches/" + id, new Browser.NewContextOptions());
        List<String> navigations = new CopyOnWriteArrayList<>();
        page.onFrameNavigated(frame -> navigations.add(frame.url()));
        Locator bar = page.getByTestId("batch-progress");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText("Batch nightly");
        assertThat(page.locator("tbody tr")).hasCount(3);
        assertThat(bar.locator(".percent")).not().hasText("100 %");

        assertThat(bar.locator(".percent")).hasText("100 %", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(bar.locator("progress")).hasJSProperty("value", 100);
        assertThat(page.getByTestId("batch-status")).hasText("completed");
        assertThat(page.locator(".count[data-status=completed]")).hasText("3");
        assertThat(page.locator(".count[data-status=processing]")).hasText("0");
        assertThat(page.locator("tbody tr[data-status=completed]")).hasCount(3);
        assertThat(navigations).as("the page was not reloaded").isEmpty();
        assertThat(button(page, "Cancel batch")).hasCount(0);
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aWriterCancelsTheBatchFromItsPage() {
        String user = "batchpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        JsonNode batch = submitBatch(api, null, 2, Map.of("stages", 30, "stage_ms", 1000));
        String id = batch.get("batch_id").asString();
        Page page = dashboard.loginAs(user, "/ui/batches/" + id, new Browser.NewContextOptions());
        assertThat(page.locator("tbody tr")).hasCount(2);

        button(page, "Cancel batch").click();
        confirmWith(page, "Cancel batch");

        assertThat(page.getByTestId("batch-status")).hasText("cancelled");
        assertThat(page.locator(".count[data-status=cancelled]")).hasText("2");
        assertThat(button(page, "Cancel batch")).hasCount(0);
        for (JsonNode job : batch.get("jobs")) {
            assertThat(api.get(job.get("id").asString()).get("status").asString())
                    .isEqualTo("cancelled");
        }
        // a job of the batch links back to it
        page.locator("tbody tr a").first().click();
        page.getByTestId("job-status").waitFor();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(id)).click();
        assertThat(page).hasURL(dashboard.url("/ui/batches/" + id));
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void anotherUsersBatchIsNotFound() {
        ApiClient owner = ApiClient.as("batchpage-" + UUID.randomUUID(), port);
        String id =
                submitBatch(owner, null, 1, Map.of("stages", 1)).get("batch_id").asString();
        Page page = dashboard.loginAs(
                "batchpage-" + UUID.randomUUID(), "/ui/batches/" + id, new Browser.NewContextOptions());
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Batch not found");
        assertThat(page.getByTestId("batch-progress")).hasCount(0);
    }

    private static JsonNode submitBatch(ApiClient api, String name, int jobs, Map<String, ?> payload) {
        Map<String, Object> body = new HashMap<>();
        if (name != null) {
            body.put("batch_name", name);
        }
        body.put("jobs", Collections.nCopies(jobs, Map.of("type", "demo", "payload", payload)));
        byte[] answer = api.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(answer);
    }
}
