package io.jobstream.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.jobstream.support.ApiClient;
import io.jobstream.support.Dashboard;
import io.jobstream.support.JobstreamTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The files view in a real browser: uploads with a bar each, the list, deleting after asking, parsing a file. */
@JobstreamTest
class DashboardFilesTest {

    @LocalServerPort
    int port;

    @RegisterExtension
    final Dashboard dashboard = Dashboard.forEachTest();

    @Test
    void filesAreUploadedWithProgressListedAndDeletedAfterAsking() {
        String user = "files-" + UUID.randomUUID();
        Page page = dashboard.loginAs(user);
        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Files").setExact(true))
                .click();
        expect(page.getByText("No files yet.")).isVisible();
        byte[] big = "a line of notes\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);

        page.getByLabel("Upload files").setInputFiles(new FilePayload[] {
            new FilePayload("notes.txt", "text/plain", big),
            new FilePayload("tiny.csv", "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
        });

        for (String name : new String[] {"notes.txt", "tiny.csv"}) {
            Locator upload = page.locator(".uploads li").filter(new Locator.FilterOptions().setHasText(name));
            expect(upload.getByRole(AriaRole.PROGRESSBAR, new Locator.GetByRoleOptions().setName("Uploading " + name)))
                    .hasJSProperty("value", 100);
            expect(upload).containsText("uploaded");
        }
        Locator rows = page.locator("table.files tbody tr");
        expect(rows).hasCount(2);
        Locator notes = rows.filter(new Locator.FilterOptions().setHasText("notes.txt"));
        expect(notes).containsText("3.1 MB");
        expect(notes).containsText("text/plain");
        expect(page.locator(".pager")).containsText("2 files");

        // keeping it keeps it
        notes.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete notes.txt"))
                .click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        expect(dialog).containsText("notes.txt will be deleted");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Keep it"))
                .click();
        expect(dialog).isHidden();
        expect(rows).hasCount(2);

        notes.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete notes.txt"))
                .click();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete file"))
                .click();

        expect(rows).hasCount(1);
        expect(rows).containsText("tiny.csv");
        var files = ApiClient.as(user, port).getJson("/api/files").get("files");
        assertThat(files.size()).isEqualTo(1);
        assertThat(files.get(0).get("filename").asString()).isEqualTo("tiny.csv");

        Download download = page.waitForDownload(
                () -> rows.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Download tiny.csv"))
                        .click());
        assertThat(download.suggestedFilename()).isEqualTo("tiny.csv");
        assertThat(download.path()).content(StandardCharsets.UTF_8).isEqualTo("a,b\n1,2\n");

        // "Parse" starts the submit form with the file chosen
        rows.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Parse tiny.csv"))
                .click();
        expect(page).hasURL(Pattern.compile(".*/ui/submit\\?type=parse&file=[0-9a-f-]{36}$"));
        expect(page.getByRole(
                        AriaRole.COMBOBOX,
                        new Page.GetByRoleOptions().setName("Job type").setExact(true)))
                .hasValue("parse");
        expect(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Files for documents")))
                .containsText("tiny.csv");
        assertThat(dashboard.console()).isEmpty();
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private static PageAssertions expect(Page page) {
        return PlaywrightAssertions.assertThat(page);
    }
}
