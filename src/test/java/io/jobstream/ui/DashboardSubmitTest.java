package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The submit view in a real browser: a form made from the type's payload schema, raw JSON, field
 * errors beside their fields, a file uploaded and named by the form, and the job's page after.
 */
@JobstreamTest
class DashboardSubmitTest {

    private static final Pattern JOB_PAGE = Pattern.compile(".*/ui/jobs/[0-9a-f-]{36}$");

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void aDemoJobFilledInTheFormRunsToTheEndOnItsPageWithoutReloading() {
        String user = "submit-" + UUID.randomUUID();
        Page page = dashboard.loginAs(user);
        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Submit").setExact(true))
                .first()
                .click();
        field(page, AriaRole.COMBOBOX, "Job type").selectOption("demo");
        expect(page.locator("[data-field='payload.stages']")).containsText("number of stages to run");
        field(page, AriaRole.TEXTBOX, "stages").fill("3");
        field(page, AriaRole.TEXTBOX, "stage_ms").fill("600");
        field(page, AriaRole.CHECKBOX, "artifact").check();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit job"))
                .click();

        page.waitForURL(JOB_PAGE);
        List<String> navigations = new CopyOnWriteArrayList<>();
        page.onFrameNavigated(frame -> navigations.add(frame.url()));
        String id = page.url().substring(page.url().lastIndexOf('/') + 1);
        JsonNode job = ApiClient.as(user, port).get(id);
        assertThat(job.get("type").asString()).isEqualTo("demo");
        assertThat(job.get("payload").get("stages").asInt()).isEqualTo(3);
        assertThat(job.get("payload").get("stage_ms").asInt()).isEqualTo(600);
        assertThat(job.get("payload").get("artifact").asBoolean()).isTrue();
        assertThat(job.get("payload").has("fail_at_stage"))
                .as("an empty field is left out")
                .isFalse();

        expect(page.getByTestId("job-status")).hasText("completed", patience(60));
        Locator bar = page.getByTestId("job-progress").locator("progress");
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(100).equals(bar.evaluate("b => b.value")));
        assertThat(navigations).as("the page was not reloaded").isEmpty();
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aJobSubmittedToStartLaterWaitsQueuedWithItsStartTimeShown() {
        String user = "later-" + UUID.randomUUID();
        Page page = dashboard.loginAs(user, "/ui/submit?type=demo", new Browser.NewContextOptions());
        field(page, AriaRole.TEXTBOX, "stages").fill("1");
        Locator delay = page.getByLabel("Start after (optional)");
        Locator submit = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit job"));

        delay.fill("soon");
        submit.click();
        expect(page.locator(".field:has(#submit-delay) .field-error")).isVisible();
        expect(delay).hasValue("soon");

        delay.fill("1h");
        submit.click();
        page.waitForURL(JOB_PAGE);
        String id = page.url().substring(page.url().lastIndexOf('/') + 1);
        JsonNode job = ApiClient.as(user, port).get(id);
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(Duration.between(
                        java.time.Instant.parse(job.get("created_at").asString()),
                        java.time.Instant.parse(job.get("run_at").asString())))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        expect(page.getByTestId("job-status")).hasText("queued");
        expect(page.locator("dt", new Page.LocatorOptions().setHasText("Runs at")))
                .isVisible();
        ApiClient.as(user, port).cancel(id);
    }

    @Test
    void aRefusedValueIsShownBesideItsFieldAndNothingTypedIsLost() {
        String user = "refused-" + UUID.randomUUID();
        Page page = dashboard.loginAs(user, "/ui/submit?type=demo", new Browser.NewContextOptions());
        Locator stages = field(page, AriaRole.TEXTBOX, "stages");
        Locator stageMs = field(page, AriaRole.TEXTBOX, "stage_ms");
        stages.fill("0");
        stageMs.fill("250");
        field(page, AriaRole.COMBOBOX, "error_code").selectOption("PARSE_ERROR");
        Locator submit = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit job"));

        submit.click();

        Locator stagesError = page.locator("[data-field='payload.stages'] .field-error");
        expect(stagesError).isVisible();
        expect(stagesError).containsText("at least 1");
        expect(stages).hasAttribute("aria-invalid", "true");
        expect(page.locator("[data-field='payload.stage_ms'] .field-error")).isHidden();
        expect(stages).hasValue("0");
        expect(stageMs).hasValue("250");
        expect(field(page, AriaRole.COMBOBOX, "error_code")).hasValue("PARSE_ERROR");
        expect(page).hasURL(Pattern.compile(".*/ui/submit\\?type=demo$"));

        // the same values in raw JSON, where a wrong kind of value is refused too
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Raw JSON"))
                .click();
        Locator raw = page.getByLabel("Payload (JSON)");
        expect(raw)
                .hasValue(Pattern.compile(".*\"stages\": 0,.*\"stage_ms\": 250,.*\"PARSE_ERROR\".*", Pattern.DOTALL));
        raw.fill("{\"stages\": 2, \"stage_ms\": \"slow\"}");
        submit.click();

        Locator rawError = page.locator(".raw-payload .field-error");
        expect(rawError).containsText("stage_ms");
        expect(raw).hasValue("{\"stages\": 2, \"stage_ms\": \"slow\"}");

        // back to the form: the values come along, and a good one goes through
        raw.fill("{\"stages\": 2, \"stage_ms\": 0}");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Form"))
                .click();
        expect(stages).hasValue("2");
        expect(stageMs).hasValue("0");
        expect(page.locator("[data-field='payload.stages'] .field-error")).isHidden();
        Locator webhook = page.getByLabel("Webhook URL (optional)");
        webhook.fill("ftp://example.com/hook");
        submit.click();
        expect(page.locator(".field:has(#submit-webhook) .field-error")).containsText("http");
        expect(stages).hasValue("2");

        webhook.fill("");
        submit.click();
        page.waitForURL(JOB_PAGE);
        assertThat(ApiClient.as(user, port).getJson("/api/jobs").get("total").asInt())
                .as("only the accepted submit made a job")
                .isEqualTo(1);
        assertThat(dashboard.console())
                .as("nothing but the refused requests")
                .allMatch(message -> message.contains("status of 400"));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anUploadedPdfIsParsedFromTheForm() {
        String user = "parse-" + UUID.randomUUID();
        Path pdf = new TestDocuments(directory)
                .textPdf(
                        "quarterly.pdf",
                        "Quarterly report",
                        "Ada Lovelace",
                        List.of("Revenue grew in the first quarter.", "Costs fell in the second quarter."));
        Page page = dashboard.loginAs(user, "/ui/submit?type=parse", new Browser.NewContextOptions());
        expect(field(page, AriaRole.COMBOBOX, "Job type")).hasValue("parse");

        page.getByLabel("Upload files for documents").setInputFiles(pdf);

        Locator chosen = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Files for documents"));
        expect(chosen.getByRole(AriaRole.LISTITEM)).hasCount(1);
        expect(chosen).containsText("quarterly.pdf");
        field(page, AriaRole.COMBOBOX, "extraction_method").selectOption("text");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit job"))
                .click();

        page.waitForURL(JOB_PAGE);
        String id = page.url().substring(page.url().lastIndexOf('/') + 1);
        JsonNode payload = ApiClient.as(user, port).get(id).get("payload");
        assertThat(payload.get("documents").get(0).get("file_id").asString()).isNotBlank();
        expect(page.getByTestId("job-status")).hasText("completed", patience(150));
        Locator documents = page.getByTestId("documents");
        expect(documents).containsText("completed");
        expect(documents.getByRole(AriaRole.LISTITEM).or(documents.locator("tbody tr")))
                .hasCount(1);
        expect(page.getByTestId("artifacts")
                        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("chunks.jsonl")))
                .isVisible();
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void aReadOnlyUserIsToldWhyThereIsNoForm() {
        Page page = dashboard.loginAs("reader-" + UUID.randomUUID(), "/ui/submit", new Browser.NewContextOptions());

        expect(page.getByTestId("read-only")).containsText("read access only");
        expect(page.locator("form.submit-form")).hasCount(0);
        expect(page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Submit").setExact(true)))
                .isHidden();
    }

    /** A form control by its role and exact accessible name (the required mark is hidden from it). */
    private static Locator field(Page page, AriaRole role, String name) {
        return page.getByRole(role, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private static PageAssertions expect(Page page) {
        return PlaywrightAssertions.assertThat(page);
    }

    private static LocatorAssertions.HasTextOptions patience(int seconds) {
        return new LocatorAssertions.HasTextOptions().setTimeout(seconds * 1000.0);
    }
}
