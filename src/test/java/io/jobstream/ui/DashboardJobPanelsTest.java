package io.jobstream.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.jobstream.ui.DashboardActions.button;
import static io.jobstream.ui.DashboardActions.confirmWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The job page's panels that read more than the job: its documents and its webhook deliveries. */
@JobstreamTest
class DashboardJobPanelsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void aParseJobsDocumentsShowTheirStatus() {
        String user = "jobpanels-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit(
                        "parse", Map.of("documents", List.of(html("menu.html", "Menu"), html("prices.html", "Prices"))))
                .get("id")
                .asString();
        Page page = dashboard.loginAs(user, "/ui/jobs/" + id, new Browser.NewContextOptions());

        // a parser process starts first: a loaded machine takes its time
        assertThat(page.getByTestId("job-status"))
                .hasText("completed", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        Locator documents = page.getByTestId("documents").locator("li");
        assertThat(documents).hasCount(2);
        assertThat(documents.nth(0)).containsText("menu.html");
        assertThat(documents.nth(0)).containsText("completed");
        assertThat(documents.nth(1)).containsText("prices.html");
        assertThat(documents.nth(1)).containsText("completed");
        assertThat(page.getByTestId("artifacts").getByRole(AriaRole.LINK)).not().hasCount(0);
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aWebhookDeliveryIsShownWithItsAttemptsAndSentAgain() {
        String user = "jobpanels-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        try (var receiver = WebhookReceiver.answering(500)) {
            String id = submitWithWebhook(api, receiver.url("/hook"));
            api.awaitStatus(id, "completed");
            Page page = dashboard.loginAs(user, "/ui/jobs/" + id, new Browser.NewContextOptions());
            Locator delivery = page.getByTestId("deliveries").locator("tbody tr");

            // the first attempt answered 500, the retry 204
            assertThat(delivery.locator(".attempts li"))
                    .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(60_000));
            assertThat(delivery).containsText("completed");
            assertThat(delivery).containsText("succeeded");
            assertThat(delivery.locator(".attempts li").nth(0)).containsText("HTTP 500");
            assertThat(delivery.locator(".attempts li").nth(1)).containsText("HTTP 204");

            Locator redeliver = delivery.getByRole(AriaRole.BUTTON);
            assertThat(redeliver).hasText("Redeliver");
            redeliver.click();
            confirmWith(page, "Redeliver");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.requests().size() == 3);
            assertThat(delivery.locator(".attempts li")).hasCount(3);
            assertThat(delivery.locator(".attempts li").nth(2)).containsText("HTTP 204");
            assertThat(button(page, "Cancel job")).hasCount(0);
            assertThat(dashboard.console()).isEmpty();
        }
    }

    private static String submitWithWebhook(ApiClient api, String url) {
        byte[] answer = api.http()
                .post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1), "webhook_url", url))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(answer).get("id").asString();
    }

    private static Map<String, String> html(String filename, String title) {
        String page =
                "<html><head><title>" + title + "</title></head><body><p>" + title + " of the day.</p></body></html>";
        return Map.of(
                "content_base64",
                Base64.getEncoder().encodeToString(page.getBytes(StandardCharsets.UTF_8)),
                "filename",
                filename);
    }
}
