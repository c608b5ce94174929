package io.jobstream.document.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.ParserProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A {@code split} that runs long, as a user sees it: its progress goes part by part, and a
 * cancel stops it at once and kills its parser child. A PDF of 1,500 pages cut into single pages
 * keeps its child busy for a while (the child waits for each part to be kept before it writes
 * the next), long enough to catch it at work.
 */
@JobstreamTest
class SplitCancelTest {

    private static final String TEMPORARY = "jobstream-split-";
    private static final int PAGES = 1500;

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    @Test
    void aLongSplitReportsEachPartAndACancelStopsItAtOnceAndKillsItsParserChild() throws IOException {
        Assumptions.assumeTrue(ParserProcesses.observable(), "processes are looked at in /proc");
        SplitJobs jobs = new SplitJobs(ApiClient.as("split-cancel-" + UUID.randomUUID(), port));
        ApiClient user = jobs.user();
        // those of a run that died before its cleanup are no concern of this test
        List<Path> before = temporaryFiles();
        String pdf = jobs.upload(new SplitDocuments(directory).pdf("long.pdf", PAGES, Map.of(), 0));
        String id = jobs.submit(Map.of("document", Map.of("file_id", pdf), "every_n_pages", 1));
        await().atMost(SplitJobs.PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> user.get(id).at("/progress/message").asString("").startsWith("part "));
        // progress per part: a client following the job sees the parts go by, in order
        List<Integer> reported = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> partsReported(jobs, id), parts -> parts.size() >= 2);
        assertThat(reported).isSorted().doesNotHaveDuplicates().allMatch(part -> part <= PAGES);
        ProcessHandle child = await().atMost(Duration.ofSeconds(5))
                .until(SplitCancelTest::splitting, Optional::isPresent)
                .orElseThrow();

        user.cancel(id);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(user.get(id).get("status").asString()).isEqualTo("cancelled");
            assertThat(ParserProcesses.gone(child))
                    .as("the parser child that split the PDF is gone")
                    .isTrue();
        });
        assertThat(jobs.artifactNames(id)).as("parts kept before the cancel").hasSizeLessThan(PAGES);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(jobs.documents(id).getFirst().get("status").asString()).isEqualTo("queued");
            assertThat(temporaryFiles()).as("the split's temporary files").isSubsetOf(before);
        });
    }

    /** The part numbers of the job's "part N/1500 written" reports so far, in the order of its events. */
    private static List<Integer> partsReported(SplitJobs jobs, String id) {
        return jobs.progressMessages(id).stream()
                .filter(message -> message.startsWith("part ") && message.contains("/" + PAGES + " written: pages "))
                .map(message -> Integer.parseInt(message.substring("part ".length(), message.indexOf('/'))))
                .toList();
    }

    /** The parser child that has the PDF being split open (the service's temporary copy of it). */
    private static Optional<ProcessHandle> splitting() {
        return ParserProcesses.children()
                .filter(SplitCancelTest::holdsTheSplitFile)
                .findFirst();
    }

    private static boolean holdsTheSplitFile(ProcessHandle process) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return descriptors.anyMatch(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor)
                            .getFileName()
                            .toString()
                            .startsWith(TEMPORARY);
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith(TEMPORARY))
                    .toList();
        }
    }
}
