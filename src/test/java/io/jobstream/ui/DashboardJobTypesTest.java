package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.jobstream.support.RegisteredTypes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The job types view in a real browser: each type with its facts and schema; external and retired ones marked. */
@JobstreamTest
class DashboardJobTypesTest {

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void theJobTypesViewShowsEachTypeWithItsSchemaAtPhoneWidth() {
        Page page = dashboard.loginAs(
                "types-" + UUID.randomUUID(),
                "/ui/job-types",
                new Browser.NewContextOptions().setViewportSize(390, 844));

        Locator demo = page.locator("section.job-type[data-type=demo]");
        expect(demo.getByRole(AriaRole.HEADING)).hasText("demo");
        expect(demo).containsText("3 attempts");
        Locator schema = demo.locator("details.schema pre");
        expect(schema).isHidden();
        demo.getByText("Payload schema").click();
        expect(schema).isVisible();
        expect(schema).containsText("\"stage_ms\"");
        expect(schema).containsText("number of stages to run");

        Locator parse = page.locator("section.job-type[data-type=parse]");
        expect(parse).containsText("document_processing");
        expect(parse.locator(".stage-list")).containsText("chunking");
        expect(parse).containsText("ocr: ");
        parse.getByText("Payload schema").click();
        expect(parse.locator("details.schema pre")).containsText("\"file_id\"");
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                .as("nothing wider than the phone")
                .isLessThanOrEqualTo(390);

        parse.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Submit one parse job"))
                .click();
        expect(page).hasURL(Pattern.compile(".*/ui/submit\\?type=parse$"));
        expect(page.getByRole(
                        AriaRole.COMBOBOX,
                        new Page.GetByRoleOptions().setName("Job type").setExact(true)))
                .hasValue("parse");
        expect(page.locator("[data-field='payload.documents']")).isVisible();
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                .as("the submit form fits the phone too")
                .isLessThanOrEqualTo(390);
        assertThat(dashboard.console()).isEmpty();
    }

    @Test
    void externalTypesAreMarkedAndRetiredOnesAreShownToAdminsOnly() {
        ApiClient admin = RegisteredTypes.admin(port);
        String live = RegisteredTypes.uniqueName("shown");
        String retired = RegisteredTypes.uniqueName("retired");
        RegisteredTypes.register(admin, live, RegisteredTypes.countingDefinition());
        RegisteredTypes.register(admin, retired, RegisteredTypes.countingDefinition());
        admin.http()
                .delete()
                .uri("/api/job-types/{name}", retired)
                .exchange()
                .expectStatus()
                .isOk();

        Page page = dashboard.loginAs("types-" + UUID.randomUUID(), "/ui/job-types", new Browser.NewContextOptions());
        Locator external = page.locator("section.job-type[data-type='" + live + "']");
        expect(external.getByRole(AriaRole.HEADING)).containsText("external");
        expect(external).containsText("Heartbeat timeout");
        expect(external).containsText("10 s");
        expect(page.locator("section.job-type[data-type='" + retired + "']")).hasCount(0);

        Page adminPage =
                dashboard.loginAs("admin-" + UUID.randomUUID(), "/ui/job-types", new Browser.NewContextOptions());
        Locator shownRetired = adminPage.locator("section.job-type[data-type='" + retired + "']");
        expect(shownRetired.getByRole(AriaRole.HEADING)).containsText("retired");
        expect(shownRetired).containsText("Retired");
        expect(shownRetired.getByRole(
                        AriaRole.LINK, new Locator.GetByRoleOptions().setName("Submit one " + retired + " job")))
                .hasCount(0);
        expect(adminPage.locator("section.job-type[data-type='" + live + "']").getByRole(AriaRole.HEADING))
                .not()
                .containsText("retired");

        ApiClient user = ApiClient.as("types-" + UUID.randomUUID(), port);
        assertThat(user.getJson("/api/job-types?retired=true")
                        .get("job_types")
                        .valueStream()
                        .map(type -> type.get("name").asString()))
                .as("only admins see retired types")
                .contains(live)
                .doesNotContain(retired);
        user.http()
                .get()
                .uri("/api/job-types?retired=yes")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("retired");
        admin.http()
                .delete()
                .uri("/api/job-types/{name}", live)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(dashboard.console()).isEmpty();
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private static PageAssertions expect(Page page) {
        return PlaywrightAssertions.assertThat(page);
    }
}
