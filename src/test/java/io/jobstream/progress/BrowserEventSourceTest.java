package io.jobstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.Tokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real headless Chromium: a page from another origin gets a stream token with its bearer
 * token, opens a native {@code EventSource} with it, and shows a job's progress to the end.
 * Uses Debian's {@code chromium} (or {@code JOBSTREAM_TEST_CHROMIUM}); {@code .ci/run}
 * installs it.
 */
@JobstreamTest
class BrowserEventSourceTest {

    private static final String PAGE = """
            <!doctype html>
            <html><body>
            <progress id="bar" max="100" value="0"></progress>
            <pre id="log"></pre>
            <script>
              const api = '%s', accessToken = '%s', jobId = '%s';
              const bar = document.getElementById('bar'), log = document.getElementById('log');
              async function follow() {
                const answer = await fetch(api + '/api/stream-tokens', {
                  method: 'POST', headers: { Authorization: 'Bearer ' + accessToken } });
                const { token } = await answer.json();
                const events = new EventSource(api + '/api/jobs/' + jobId + '/events?stream_token='
                    + encodeURIComponent(token));
                for (const kind of ['state', 'started', 'progress', 'completed', 'failed', 'cancelled']) {
                  events.addEventListener(kind, message => {
                    const data = JSON.parse(message.data);
                    bar.value = data.progress.percent;
                    log.textContent += kind + ' ' + data.progress.percent + '\\n';
                    const status = kind === 'state' ? data.status : kind;
                    if (['completed', 'failed', 'cancelled'].includes(status)) {
                      events.close();
                      document.body.dataset.done = status;
                    }
                  });
                }
                events.onerror = () => { log.textContent += 'error\\n'; };
              }
              follow().catch(error => { document.body.dataset.done = 'error: ' + error; });
            </script>
            </body></html>
            """;

    @LocalServerPort
    int port;

    @Test
    void pageShowsAJobsProgressToTheEndThroughANativeEventSource() throws IOException {
        Path chromium = Path.of(System.getenv().getOrDefault("JOBSTREAM_TEST_CHROMIUM", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "no Chromium at " + chromium + " (Debian package chromium)");
        String user = "browser-" + UUID.randomUUID();
        ApiClient client = ApiClient.as(user, port);
        Map<String, String> jobOfPage = new java.util.concurrent.ConcurrentHashMap<>();

        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            // the job starts when the page is asked for, so the page sees it run
            String id = client.submit("demo", Map.of("stages", 3, "stage_ms", 1_000))
                    .get("id")
                    .asString();
            jobOfPage.put("id", id);
            byte[] page = PAGE.formatted("http://localhost:" + port, Tokens.forUser(user), id)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pages.start();
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(chromium)
                                .setHeadless(true)
                                .setArgs(List.of(
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--disable-dev-shm-usage",
                                        "--disable-background-networking")))) {
            Page tab = browser.newPage();
            List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
            tab.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));
            tab.navigate("http://127.0.0.1:" + pages.getAddress().getPort() + "/");

            try {
                tab.waitForSelector("body[data-done]", new Page.WaitForSelectorOptions().setTimeout(30_000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError(
                        "the page did not finish; its log: " + tab.textContent("#log") + "; console: " + console, e);
            }

            assertThat(tab.getAttribute("body", "data-done")).isEqualTo("completed");
            assertThat(client.get(jobOfPage.get("id")).get("status").asString()).isEqualTo("completed");
            assertThat(tab.evalOnSelector("#bar", "bar => bar.value")).isEqualTo(100);
            assertThat(tab.textContent("#log").lines().toList())
                    .contains("progress 33", "progress 66", "progress 100", "completed 100")
                    .doesNotContain("error");
        } finally {
            pages.stop(0);
        }
    }
}
