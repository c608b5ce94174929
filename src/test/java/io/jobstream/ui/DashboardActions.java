package io.jobstream.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** What the dashboard tests do on a page as a user would: find a button, confirm, sign in again. */
final class DashboardActions {

    private DashboardActions() {}

    /** The button of this exact accessible name. */
    static Locator button(Page page, String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Answers the confirmation dialog with its confirming button (named after the action). */
    static void confirmWith(Page page, String action) {
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        dialog.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName(action).setExact(true))
                .click();
        assertThat(dialog).isHidden();
    }

    /** After a reload the tokens (kept in memory only) are gone: the issuer may ask to sign in again. */
    static void signInAgainIfAsked(Page page, String user) {
        Locator username = page.locator("input[name=username]");
        page.getByTestId("user").or(username).first().waitFor();
        if (username.isVisible()) {
            username.fill(user);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign-in"))
                    .or(page.locator("input[type=submit]"))
                    .first()
                    .click();
        }
        page.getByTestId("user").waitFor();
    }
}
