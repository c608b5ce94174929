package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The screenshots of the main views in {@code docs/screenshots}, taken from a real run: a
 * user with finished, failed and running jobs, at desktop width and (the jobs table) at a
 * phone's. Each view is checked to show what it is about before it is taken, and to have every
 * control labelled, every button and link named and its text in readable contrast.
 */
@JobstreamTest
class DashboardScreenshotsTest {

    private static final Path SHOTS = Path.of("docs", "screenshots");

    @LocalServerPort
    int port;

    @Test
    @Timeout(240)
    void mainViews() throws IOException {
        Files.createDirectories(SHOTS);
        String user = "ada";
        ApiClient api = ApiClient.as(user, port);
        String done = api.submit("demo", Map.of("stages", 2)).get("id").asString();
        api.submit("demo", Map.of("stages", 1, "fail_at_stage", 1));
        api.awaitStatus(done, "completed");
        List<String> running = IntStream.range(0, 3)
                .mapToObj(i -> api.submit("demo", Map.of("stages", 4, "stage_ms", 20_000))
                        .get("id")
                        .asString())
                .toList();
        try (Dashboard dashboard = Dashboard.open(port)) {
            Page page = dashboard.loginAs(user, "/ui/", new Browser.NewContextOptions().setViewportSize(1280, 800));
            page.locator("tr[data-status=completed]").first().waitFor();
            page.locator(".count[data-status=processing]").waitFor();
            shoot(page, "jobs");

            // in-page navigation, as a user clicks: a reload would ask the issuer again
            page.locator("tr[data-job-id='" + done + "'] a").first().click();
            page.getByTestId("job-status").waitFor();
            assertThat(page.getByTestId("job-status").textContent()).contains("completed");
            page.locator("[data-testid=log] .line").last().waitFor();
            assertThat(page.getByText("Show earlier lines").isVisible())
                    .as("a short log has nothing earlier")
                    .isFalse();
            shoot(page, "job");

            nav(page, "Submit");
            page.locator("form.submit-form").waitFor();
            shoot(page, "submit");

            nav(page, "Job types");
            page.getByText("parse").first().waitFor();
            shoot(page, "job-types");

            nav(page, "Files");
            page.locator("input[type=file]").first().waitFor();
            shoot(page, "files");

            Page phone = dashboard.loginAs(
                    user,
                    "/ui/",
                    new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true));
            phone.locator("tr[data-status=completed]").first().waitFor();
            assertThat((Integer) phone.evaluate("() => document.documentElement.scrollWidth"))
                    .as("no sideways scrolling of the page at phone width")
                    .isLessThanOrEqualTo(390);
            shoot(phone, "jobs-phone");
        } finally {
            running.forEach(api::cancel);
        }
    }

    private static void nav(Page page, String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    private static void shoot(Page page, String name) {
        assertThat(Dashboard.accessibilityProblems(page))
                .as(name + ": labels, names, contrast")
                .isEmpty();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve(name + ".png"))
                .setFullPage(true));
        assertThat(SHOTS.resolve(name + ".png")).isNotEmptyFile();
    }
}
