package io.jobstream.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}, or
 * {@code JOBSTREAM_TEST_CHROMIUM}; {@code .ci/run} installs it), signed in through the dev
 * issuer's own login page, as a user would. Each {@link #loginAs} is a browser context of its
 * own: its own cookies, storage and tokens. Console errors and warnings of the dashboard's
 * pages are kept, for assertions.
 */
public final class Dashboard implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private static final double PATIENCE_MS = 30_000;

    private @Nullable Playwright playwright;
    private @Nullable Browser browser;
    private String base = "";
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Dashboard() {}

    /**
     * For {@code @RegisterExtension}: a browser opened before each test for the test's running
     * application (its {@code local.server.port}) and closed after it.
     */
    public static Dashboard forEachTest() {
        return new Dashboard();
    }

    /** A browser for the application on {@code port}, to close after use; skips the test where there is no Chromium. */
    public static Dashboard open(int port) {
        Dashboard dashboard = new Dashboard();
        dashboard.start(port);
        return dashboard;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(SpringExtension.getApplicationContext(context)
                .getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private void start(int port) {
        Path chromium = Path.of(System.getenv().getOrDefault("JOBSTREAM_TEST_CHROMIUM", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "no Chromium at " + chromium + " (Debian package chromium)");
        // a busy machine (CI, other tests' JVMs) can take a few seconds to paint
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        console.clear();
        requests.clear();
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--disable-background-networking")));
        base = "http://localhost:" + port;
    }

    /** The address of a dashboard path ({@code /ui/jobs/…}). */
    public String url(String path) {
        return base + path;
    }

    /** A new browser context at the dashboard's home, signed in as {@code user} on the issuer's login page. */
    public Page loginAs(String user) {
        return loginAs(user, "/ui/", new Browser.NewContextOptions());
    }

    /**
     * A new browser context with {@code options} (a phone's viewport, say) that opens {@code path},
     * is sent to the issuer's login page, signs in as {@code user} and comes back to {@code path}.
     */
    public Page loginAs(String user, String path, Browser.NewContextOptions options) {
        return loginAs(user, path, options, context -> {});
    }

    /** {@link #loginAs(String, String, Browser.NewContextOptions)}, with {@code setup} of the context (routes) first. */
    public Page loginAs(String user, String path, Browser.NewContextOptions options, Consumer<BrowserContext> setup) {
        BrowserContext context = Objects.requireNonNull(browser, "not open").newContext(options);
        setup.accept(context);
        context.setDefaultTimeout(PATIENCE_MS);
        context.onRequest(request -> requests.add(request.method() + " " + request.url()));
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            // the issuer's own login page is not ours to judge (it asks a CDN for its styles)
            if ((message.type().equals("error") || message.type().equals("warning"))
                    && message.page().url().startsWith(base)) {
                console.add(message.type() + ": " + message.text() + " at " + message.location());
            }
        });
        page.onPageError(error -> console.add("page error: " + error));
        page.navigate(url(path));
        page.locator("input[name=username]").fill(user);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign-in"))
                .or(page.locator("input[type=submit]"))
                .first()
                .click();
        page.getByTestId("user").waitFor();
        return page;
    }

    /**
     * What keeps a page from being used without a mouse or read by everyone: form controls
     * without a label, buttons and links without a name, and text whose contrast with its
     * background is below WCAG AA (4.5:1; 3:1 for large text). Empty when there is nothing.
     */
    public static List<String> accessibilityProblems(Page page) {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) page.evaluate(AUDIT);
        return problems;
    }

    private static final String AUDIT = """
            () => {
              const problems = [];
              const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
              const name = e => (e.getAttribute('aria-label') || e.textContent || e.title || '').trim();
              for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                if (visible(control) && control.labels.length === 0 && !control.getAttribute('aria-label')
                    && !control.getAttribute('aria-labelledby')) {
                  problems.push('unlabelled ' + control.outerHTML.slice(0, 80));
                }
              }
              for (const control of document.querySelectorAll('button, a[href]')) {
                if (visible(control) && !name(control)) {
                  problems.push('nameless ' + control.outerHTML.slice(0, 80));
                }
              }
              const rgb = value => (value.match(/[\\d.]+/g) || []).map(Number);
              const luminance = ([r, g, b]) => {
                const c = [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
                return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
              };
              const background = e => {
                for (let node = e; node; node = node.parentElement) {
                  const color = rgb(getComputedStyle(node).backgroundColor);
                  if (color.length >= 3 && (color.length < 4 || color[3] > 0.9)) return color;
                }
                return [255, 255, 255];
              };
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                const e = text.parentElement;
                if (!text.textContent.trim() || !e || !visible(e) || e.closest('dialog:not([open])')) continue;
                const style = getComputedStyle(e);
                const fg = rgb(style.color), bg = background(e);
                const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
                const ratio = (hi + 0.05) / (lo + 0.05);
                const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
                if (ratio < (large ? 3 : 4.5)) {
                  problems.push('contrast ' + ratio.toFixed(2) + ' of "' + text.textContent.trim().slice(0, 30) + '"');
                }
              }
              return problems;
            }
            """;

    /** Every request the pages made ({@code GET http://…}), from the first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** What the pages wrote to their consoles as errors and warnings, and the errors they threw. */
    public List<String> console() {
        return List.copyOf(console);
    }

    @Override
    public void close() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }
}
