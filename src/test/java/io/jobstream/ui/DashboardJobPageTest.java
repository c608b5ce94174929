package io.jobstream.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.jobstream.ui.DashboardActions.button;
import static io.jobstream.ui.DashboardActions.confirmWith;
import static io.jobstream.ui.DashboardActions.signInAgainIfAsked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The job page in a real browser: live status and log, the actions a writer has, and what others may not see. */
@JobstreamTest
class DashboardJobPageTest {

    private static final Map<String, Object> LONG_JOB = Map.of("stages", 30, "stage_ms", 1000);

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void aRunningJobIsCancelledFromItsPage() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit("demo", LONG_JOB).get("id").asString();
        api.awaitStatus(id, "processing");
        Page page = openJob(user, id);
        assertThat(page.getByTestId("job-status")).hasText("processing");
        assertThat(button(page, "Rerun job")).hasCount(0);

        button(page, "Cancel job").click();
        confirmWith(page, "Cancel job");

        assertThat(page.getByTestId("job-status")).hasText("cancelled");
        assertThat(api.get(id).get("status").asString()).isEqualTo("cancelled");
        assertThat(button(page, "Cancel job")).hasCount(0);
        assertThat(button(page, "Rerun job")).isVisible();
        assertThat(button(page, "Delete job")).isVisible();
        assertThat(page.getByTestId("log")).containsText("WARN");
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aFailedJobIsRunAgainAndTheNewJobLinksBack() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String failed = api.submit("demo", Map.of("stages", 1, "fail_at_stage", 1))
                .get("id")
                .asString();
        api.awaitStatus(failed, "failed");
        Page page = openJob(user, failed);
        assertThat(page.getByTestId("job-status")).hasText("failed");
        assertThat(page.getByTestId("job-error")).containsText("demo failure at stage 1");
        assertThat(page.getByTestId("job-error")).containsText("INTERNAL_ERROR");

        button(page, "Rerun job").click();
        confirmWith(page, "Rerun job");

        page.waitForURL(url -> url.contains("/ui/jobs/") && !url.endsWith(failed));
        String rerun = page.url().substring(page.url().lastIndexOf('/') + 1);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(rerun);
        assertThat(page.getByTestId("original-job").getByRole(AriaRole.LINK)).hasText(failed);
        assertThat(api.get(rerun).get("original_job_id").asString()).isEqualTo(failed);
        assertThat(page.getByTestId("job-status")).hasText("failed"); // the rerun fails as well, live

        page.getByTestId("original-job").getByRole(AriaRole.LINK).click();
        assertThat(page).hasURL(dashboard.url("/ui/jobs/" + failed));
        assertThat(page.getByTestId("reruns").getByRole(AriaRole.LINK)).hasText(rerun);
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aFinishedJobIsDownloadedAsZipAndDeletedFromItsPage() throws Exception {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit("demo", Map.of("stages", 1, "artifact", true))
                .get("id")
                .asString();
        api.awaitStatus(id, "completed");
        Page page = openJob(user, id);
        assertThat(page.getByTestId("job-status")).hasText("completed");

        Download zip = page.waitForDownload(button(page, "Download ZIP")::click);
        assertThat(zip.suggestedFilename()).endsWith(".zip");
        try (var entries = new ZipInputStream(Files.newInputStream(zip.path()))) {
            List<String> names = new ArrayList<>();
            for (var entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                names.add(entry.getName());
            }
            assertThat(names).contains("job.json", "log.txt", "artifacts/report.txt");
        }

        button(page, "Delete job").click();
        confirmWith(page, "Delete job");

        assertThat(page).hasURL(dashboard.url("/ui/"));
        api.http().get().uri("/api/jobs/{id}", id).exchange().expectStatus().isNotFound();
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aReadOnlyUserSeesNoButtonsThatChangeAnything() {
        String user = "reader-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, "jobs:read jobs:write", port);
        String running = api.submit("demo", LONG_JOB).get("id").asString();
        String done = api.submit("demo", Map.of("stages", 1)).get("id").asString();
        api.awaitStatus(done, "completed");
        api.awaitStatus(running, "processing");

        Page page = openJob(user, running);
        assertThat(page.getByTestId("user")).containsText("read-only");
        assertThat(page.getByTestId("job-status")).hasText("processing");
        page.getByTestId("log").locator(".line").first().waitFor();
        assertThat(button(page, "Cancel job")).hasCount(0);

        page.navigate(dashboard.url("/ui/jobs/" + done));
        signInAgainIfAsked(page, user);
        assertThat(page.getByTestId("job-status")).hasText("completed");
        // reading the archive changes nothing, so a reader may
        assertThat(button(page, "Download ZIP")).isVisible();
        for (String name : List.of("Cancel job", "Rerun job", "Delete job")) {
            assertThat(button(page, name)).hasCount(0);
        }
        api.cancel(running);
    }

    @Test
    void anotherUsersJobIsNotFound() {
        ApiClient owner = ApiClient.as("jobpage-" + UUID.randomUUID(), port);
        String theirs = owner.submit("demo", Map.of("stages", 1)).get("id").asString();

        String other = "jobpage-" + UUID.randomUUID();
        Page page = openJob(other, theirs);

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Job not found");
        assertThat(page.getByTestId("job-status")).hasCount(0);
        page.navigate(dashboard.url("/ui/jobs/" + UUID.randomUUID()));
        signInAgainIfAsked(page, other);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Job not found");
        // the owner sees it
        Page owners = openJob(owner.subject(), theirs);
        assertThat(owners.getByTestId("job-status")).isVisible();
    }

    @Test
    void theLogGrowsLiveWhileTheJobRuns() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit("demo", LONG_JOB).get("id").asString();
        Page page = openJob(user, id);
        List<String> navigations = new CopyOnWriteArrayList<>();
        page.onFrameNavigated(frame -> navigations.add(frame.url()));
        assertThat(page.getByTestId("job-status")).hasText("processing");
        Locator lines = page.getByTestId("log").locator(".line");
        lines.first().waitFor();
        int before = lines.count();

        await().atMost(Duration.ofSeconds(30)).until(() -> lines.count() >= before + 2);
        assertThat(page.getByTestId("job-status")).hasText("processing");
        api.cancel(id); // elsewhere: the page hears of it from the stream

        assertThat(page.getByTestId("job-status")).hasText("cancelled");
        assertThat(page.getByTestId("log").locator(".level-WARN")).hasCount(1);
        var logs = api.get(id).get("logs");
        long newest = logs.get(logs.size() - 1).get("seq").asLong();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(seqs(lines))
                        .as("every line once, in order")
                        .isEqualTo(LongStream.rangeClosed(1, newest).boxed().toList()));
        assertThat(navigations).as("the page was not reloaded").isEmpty();
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aJobsEndBringsItsResultAndArtifacts() throws Exception {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        Page page = dashboard.loginAs(user);
        String id = api.submit("demo", Map.of("stages", 3, "stage_ms", 1500, "artifact", true))
                .get("id")
                .asString();
        page.locator("tr[data-job-id='" + id + "'] a").click(); // from the table, without reloading
        assertThat(page).hasURL(dashboard.url("/ui/jobs/" + id));
        assertThat(page.getByTestId("result")).hasCount(0);

        assertThat(page.getByTestId("job-status")).hasText("completed");
        assertThat(page.getByTestId("job-progress").locator(".percent")).hasText("100 %");
        assertThat(page.getByTestId("result")).containsText("\"stages_completed\": 3");
        Locator artifact = page.getByTestId("artifacts").getByRole(AriaRole.LINK);
        assertThat(artifact).hasText("report.txt");
        assertThat(button(page, "Download ZIP")).isVisible();
        assertThat(button(page, "Cancel job")).hasCount(0);

        Download download = page.waitForDownload(artifact::click);
        assertThat(download.suggestedFilename()).isEqualTo("report.txt");
        assertThat(Files.readString(download.path())).startsWith("demo report: 3 stage(s) completed");
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aLongLogShowsItsNewestLinesAndTheEarlierOnesOnRequest() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit("demo", Map.of("stages", 250)).get("id").asString();
        var logs = api.awaitStatus(id, "completed").get("logs");
        long newest = logs.get(logs.size() - 1).get("seq").asLong();
        Page page = openJob(user, id);
        Locator lines = page.getByTestId("log").locator(".line");
        assertThat(lines).hasCount(200);
        assertThat(lines.last()).containsText("Completed");

        button(page, "Show earlier lines").click();

        assertThat(lines).hasCount((int) newest);
        assertThat(seqs(lines))
                .isEqualTo(LongStream.rangeClosed(1, newest).boxed().toList());
        assertThat(button(page, "Show earlier lines")).isHidden();
    }

    @Test
    void aReloadedJobAddressShowsTheSameJob() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        String id = api.submit("demo", Map.of("stages", 1)).get("id").asString();
        api.awaitStatus(id, "completed");
        // at a phone's width, once
        Page page =
                dashboard.loginAs(user, "/ui/jobs/" + id, new Browser.NewContextOptions().setViewportSize(390, 844));
        assertThat(page.getByTestId("job-status")).hasText("completed");

        page.reload();
        signInAgainIfAsked(page, user);

        assertThat(page).hasURL(dashboard.url("/ui/jobs/" + id));
        assertThat(page.getByTestId("job-status")).hasText("completed");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(id);
        assertThat(button(page, "Rerun job")).isVisible();
        assertThat(page.locator("main")).not().containsText("null");
        assertThat(button(page, "Show earlier lines")).isHidden();
        assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the phone")
                .isTrue();
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aDelayedJobShowsWhenItRuns() {
        String user = "jobpage-" + UUID.randomUUID();
        ApiClient api = ApiClient.as(user, port);
        JsonNode delayed = api.http()
                .post()
                .uri("/api/jobs")
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1), "delay", "1h"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String id = delayed.get("id").asString();
        Page page = openJob(user, id);

        assertThat(page.getByTestId("job-status")).hasText("queued");
        Locator runsAt = page.locator("dt:text-is('Runs at') + dd time");
        assertThat(runsAt).hasAttribute("datetime", delayed.get("run_at").asString());
        button(page, "Cancel job").click();
        confirmWith(page, "Cancel job");
        assertThat(page.getByTestId("job-status")).hasText("cancelled");
        assertThat(page.locator("dt:text-is('Runs at')")).hasCount(0);
    }

    private Page openJob(String user, String id) {
        return dashboard.loginAs(user, "/ui/jobs/" + id, new Browser.NewContextOptions());
    }

    private static List<Long> seqs(Locator lines) {
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) lines.evaluateAll("lines => lines.map(line => Number(line.dataset.seq))");
        return values.stream().map(value -> ((Number) value).longValue()).toList();
    }
}
