package io.jobstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.job.Caller;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The event streams as a client sees them: heartbeats and the reconnection hint, the stream
 * of all of a caller's jobs and of a batch, resuming without gap or duplicate, slow clients
 * closed without slowing anyone else, and no subscriber left behind by closed streams.
 */
@JobstreamTest
class EventStreamsTest {

    /** Before every event: a resume id that replays all of a caller's events. */
    private static final String BEGINNING = "0.0." + new UUID(0, 0);

    @LocalServerPort
    int port;

    @Autowired
    SingleJobFeed jobFeed;

    @Autowired
    MeterRegistry meters;

    private ApiClient client() {
        return ApiClient.as("streams-" + UUID.randomUUID(), port);
    }

    @Test
    void firstEventAdvisesRetryAndIdleStreamsSendHeartbeats() {
        ApiClient client = client();
        String id = client.submit("demo", Map.of("stages", 1, "stage_ms", 3_500))
                .get("id")
                .asString();

        List<ServerSentEvent<String>> sent =
                client.stream("/api/jobs/" + id + "/events", null).collectList().block(ApiClient.TIMEOUT);

        assertThat(sent.getFirst().event()).isEqualTo("state");
        assertThat(sent.getFirst().retry()).isEqualTo(Duration.ofSeconds(3));
        // a 3.5 s stage with heartbeats every second (test setting)
        assertThat(sent)
                .filteredOn(event -> "heartbeat".equals(event.comment()))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(sent.getLast().event()).isEqualTo("completed");
    }

    @Test
    void streamOfAllJobsCarriesTheCallersEventsOnly() {
        ApiClient alice = client();
        ApiClient bob = client();
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        Disposable stream = alice.stream("/api/jobs/events", null)
                .filter(event -> event.comment() == null)
                .subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received.getFirst().event()).isEqualTo("ready");
        assertThat(ApiClient.data(received.getFirst()).get("resume_from").asString())
                .isEqualTo(received.getFirst().id());

        String first = alice.submit("demo", Map.of("stages", 2, "stage_ms", 0))
                .get("id")
                .asString();
        String second = alice.submit("demo", Map.of("stages", 1, "stage_ms", 0))
                .get("id")
                .asString();
        String bobs =
                bob.submit("demo", Map.of("stages", 1, "stage_ms", 0)).get("id").asString();
        alice.awaitStatus(first, "completed");
        alice.awaitStatus(second, "completed");
        bob.awaitStatus(bobs, "completed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kinds(received, first).contains("completed")
                        && kinds(received, second).contains("completed"));
        stream.dispose();

        assertThat(kinds(received, first)).containsExactly("queued", "started", "progress", "progress", "completed");
        assertThat(kinds(received, second)).containsExactly("queued", "started", "progress", "completed");
        assertThat(received).noneMatch(event -> bobs.equals(jobId(event)));
        assertThat(received.stream().map(ServerSentEvent::id).distinct()).hasSize(received.size());
    }

    @Test
    void streamIdleForLongerThanMaxBehindStaysOpenAndCarriesWhatComesNext() throws InterruptedException {
        ApiClient client = client();
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        Disposable stream = client.stream("/api/jobs/events", null)
                .filter(event -> event.comment() == null)
                .subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        // nothing to read for longer than max-behind (3 s, test setting): idle, not slow
        Thread.sleep(4_000);

        String id = client.submit("demo", Map.of("stages", 1, "stage_ms", 0))
                .get("id")
                .asString();
        client.awaitStatus(id, "completed");
        await().atMost(Duration.ofSeconds(10)).until(() -> kinds(received, id).contains("completed"));
        stream.dispose();
        assertThat(kinds(received, id)).containsExactly("queued", "started", "progress", "completed");
    }

    @Test
    void streamOfAllJobsFiltersByStatusAndBatch() {
        ApiClient client = client();
        JsonNode batch = submitBatch(client, 2, 0);
        String batchId = batch.get("batch_id").asString();
        String single = client.submit("demo", Map.of("stages", 1, "stage_ms", 0))
                .get("id")
                .asString();
        client.awaitStatus(single, "completed");
        batch.get("jobs").forEach(job -> client.awaitStatus(job.get("id").asString(), "completed"));

        List<ServerSentEvent<String>> completedInBatch = client.stream(
                        "/api/jobs/events?status=completed&batch_id=" + batchId, BEGINNING)
                .filter(event -> event.comment() == null)
                .take(Duration.ofSeconds(3))
                .collectList()
                .block(ApiClient.TIMEOUT);

        assertThat(completedInBatch).extracting(ServerSentEvent::event).containsExactly("completed", "completed");
        assertThat(completedInBatch)
                .extracting(EventStreamsTest::jobId)
                .containsExactlyInAnyOrder(
                        batch.at("/jobs/0/id").asString(),
                        batch.at("/jobs/1/id").asString());
    }

    @Test
    void resumingTheStreamOfAllJobsReplaysExactlyWhatWasMissed() {
        ApiClient client = client();
        String lastSeen = client.stream("/api/jobs/events", null)
                .filter(event -> event.comment() == null)
                .blockFirst(ApiClient.TIMEOUT)
                .id();

        // while no stream is open: jobs run to the end
        List<String> ids = IntStream.range(0, 3)
                .mapToObj(i -> client.submit("demo", Map.of("stages", 2, "stage_ms", 0))
                        .get("id")
                        .asString())
                .toList();
        ids.forEach(id -> client.awaitStatus(id, "completed"));

        List<ServerSentEvent<String>> missed = client.stream("/api/jobs/events", lastSeen)
                .filter(event -> event.comment() == null)
                .take(Duration.ofSeconds(3))
                .collectList()
                .block(ApiClient.TIMEOUT);

        for (String id : ids) {
            assertThat(kinds(missed, id))
                    .as(id)
                    .containsExactly("queued", "started", "progress", "progress", "completed");
            assertThat(missed)
                    .filteredOn(event -> id.equals(jobId(event)))
                    .extracting(event -> ApiClient.data(event).get("seq").asLong())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        assertThat(missed).hasSize(15);

        // resuming from the middle gives the rest, nothing twice
        int middle = missed.size() / 2;
        List<ServerSentEvent<String>> rest = client.stream(
                        "/api/jobs/events", missed.get(middle).id())
                .filter(event -> event.comment() == null)
                .take(Duration.ofSeconds(3))
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(rest)
                .extracting(ServerSentEvent::id)
                .containsExactlyElementsOf(missed.subList(middle + 1, missed.size()).stream()
                        .map(ServerSentEvent::id)
                        .toList());
    }

    @Test
    void batchStreamShowsBatchProgressAndEndsWhenEveryJobHasFinished() {
        ApiClient client = client();
        // stages long enough that the stream, which starts "now", is open before any job ends
        JsonNode batch = submitBatch(client, 3, 1_500);
        String batchId = batch.get("batch_id").asString();

        List<ServerSentEvent<String>> sent = client.stream("/api/jobs/batch/" + batchId + "/events", null)
                .filter(event -> event.comment() == null)
                .collectList()
                .block(ApiClient.TIMEOUT);

        assertThat(sent.getFirst().event()).isEqualTo("batch");
        JsonNode last = ApiClient.data(sent.getLast());
        assertThat(sent.getLast().event()).isEqualTo("batch");
        assertThat(last.get("status").asString()).isEqualTo("completed");
        assertThat(last.get("completed_count").asInt()).isEqualTo(3);
        assertThat(last.at("/progress/percent").asInt()).isEqualTo(100);
        assertThat(sent).filteredOn(event -> "completed".equals(event.event())).hasSize(3);
        List<Integer> percents = sent.stream()
                .filter(event -> "batch".equals(event.event()))
                .map(event -> ApiClient.data(event).at("/progress/percent").asInt())
                .toList();
        assertThat(percents).isSorted();
        assertThat(percents.size()).isGreaterThan(2);
    }

    @Test
    void batchStreamOfAFinishedBatchResumedReplaysTheRestThenEnds() {
        ApiClient client = client();
        JsonNode batch = submitBatch(client, 2, 0);
        String batchId = batch.get("batch_id").asString();
        batch.get("jobs").forEach(job -> client.awaitStatus(job.get("id").asString(), "completed"));

        List<ServerSentEvent<String>> all = client.stream("/api/jobs/batch/" + batchId + "/events", BEGINNING)
                .filter(event -> event.comment() == null)
                .collectList()
                .block(ApiClient.TIMEOUT);

        assertThat(all).filteredOn(event -> "completed".equals(event.event())).hasSize(2);
        assertThat(all.getLast().event()).isEqualTo("batch");
        assertThat(ApiClient.data(all.getLast()).get("status").asString()).isEqualTo("completed");

        List<ServerSentEvent<String>> fresh = client.stream("/api/jobs/batch/" + batchId + "/events", null)
                .filter(event -> event.comment() == null)
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(fresh).extracting(ServerSentEvent::event).containsExactly("batch");

        // a browser reconnecting after the end is told to stop (204), not served the end again
        client.http()
                .get()
                .uri("/api/jobs/batch/{id}/events", batchId)
                .header("Last-Event-ID", all.getLast().id())
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void resumingAcrossManyPagesSendsEveryEventOnceInOrder() {
        ApiClient client = client();
        // 450 stages: 453 events, more than two pages of 200, for the job stream and for all jobs
        String id = client.submit("demo", Map.of("stages", 450, "stage_ms", 0))
                .get("id")
                .asString();
        client.awaitStatus(id, "completed");

        List<ServerSentEvent<String>> ofJob =
                client.events(id, "0").collectList().block(ApiClient.TIMEOUT);
        assertThat(ofJob)
                .extracting(event -> Long.parseLong(event.id()))
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 453).mapToObj(Long::valueOf).toList());

        List<ServerSentEvent<String>> ofAll = client.stream("/api/jobs/events", BEGINNING)
                .filter(event -> event.comment() == null)
                .take(453)
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(ofAll)
                .extracting(event -> ApiClient.data(event).get("seq").asLong())
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 453).mapToObj(Long::valueOf).toList());
    }

    @Test
    void streamOfAllJobsResumedWhileAnOlderTransactionRunsGetsTheEventOnceItEnds() throws Exception {
        ApiClient client = client();
        String lastSeen = client.stream("/api/jobs/events", null)
                .filter(event -> event.comment() == null)
                .blockFirst(ApiClient.TIMEOUT)
                .id();
        TestInfrastructure.Database database = TestInfrastructure.database();
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        try (Connection older = database.connect()) {
            older.setAutoCommit(false);
            older.createStatement().execute("select pg_current_xact_id()");
            // the job runs to its end while the older transaction is open, and no stream is
            String id = client.submit("demo", Map.of("stages", 1, "stage_ms", 0))
                    .get("id")
                    .asString();
            client.awaitStatus(id, "completed");

            Disposable stream = client.stream("/api/jobs/events", lastSeen)
                    .filter(event -> event.comment() == null)
                    .subscribe(received::add);
            Thread.sleep(1_000);
            assertThat(received)
                    .as("nothing readable while the older transaction runs")
                    .isEmpty();

            // it ends, announcing nothing: the stream must still notice and send the job's events
            older.commit();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kinds(received, id).contains("completed"));
            stream.dispose();
            assertThat(kinds(received, id)).containsExactly("queued", "started", "progress", "completed");
        }
    }

    @Test
    void batchStreamWaitsForAnOlderTransactionBeforeItSendsNewerEventsAndEnds() throws Exception {
        ApiClient client = client();
        TestInfrastructure.Database database = TestInfrastructure.database();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        long committedAt;
        List<ServerSentEvent<String>> sent;
        try (Connection older = database.connect()) {
            // a transaction that began before the batch's events were written, still running
            older.setAutoCommit(false);
            older.createStatement().execute("select pg_current_xact_id()");
            JsonNode batch = submitBatch(client, 2, 0);
            batch.get("jobs").forEach(job -> client.awaitStatus(job.get("id").asString(), "completed"));

            Flux<ServerSentEvent<String>> stream = client.stream(
                            "/api/jobs/batch/" + batch.get("batch_id").asString() + "/events", null)
                    .filter(event -> event.comment() == null)
                    .doOnNext(event -> arrivals.add(System.nanoTime()))
                    .cache();
            stream.subscribe();
            Thread.sleep(1_500);
            committedAt = System.nanoTime();
            older.commit();
            sent = stream.collectList().block(ApiClient.TIMEOUT);
        }

        // the jobs had finished, yet their events could not be read while the older
        // transaction ran (it might still have written events that come before them)
        assertThat(sent).filteredOn(event -> "completed".equals(event.event())).hasSize(2);
        for (int i = 0; i < sent.size(); i++) {
            if ("completed".equals(sent.get(i).event())) {
                assertThat(arrivals.get(i))
                        .as("completed event sent after the older transaction ended")
                        .isGreaterThan(committedAt);
            }
        }
        assertThat(sent.getLast().event()).isEqualTo("batch");
        assertThat(ApiClient.data(sent.getLast()).get("completed_count").asInt())
                .isEqualTo(2);
    }

    @Test
    void streamsAnswer404ForOthersAnd400ForBadResumeIds() {
        ApiClient alice = client();
        ApiClient bob = client();
        String batchId = submitBatch(alice, 1, 0).get("batch_id").asString();

        bob.http()
                .get()
                .uri("/api/jobs/batch/{id}/events", batchId)
                .exchange()
                .expectStatus()
                .isNotFound();
        alice.http()
                .get()
                .uri("/api/jobs/events")
                .header("Last-Event-ID", "7")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Last-Event-ID");
        alice.http()
                .get()
                .uri("/api/jobs/events?after=x&colour=red")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat(fields.toString()).contains("after", "colour"));
        alice.http()
                .get()
                .uri("/api/jobs/events?status=sleeping")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("status");
    }

    @Test
    void slowClientIsClosedAndDoesNotSlowAnother() {
        ApiClient client = client();
        String id = client.submit("demo", Map.of("stages", 12, "stage_ms", 500))
                .get("id")
                .asString();
        Caller caller = Caller.user(client.subject());
        double closedBefore =
                meters.get("jobstream.streams.closed.behind").counter().count();
        List<JobFeedItem> fast = new CopyOnWriteArrayList<>();
        Disposable fastReader = jobFeed.follow(caller, UUID.fromString(id)).subscribe(fast::add);

        // takes the state, then nothing more while the job goes on: after max-behind (3 s,
        // test setting) with new events unread, the stream is closed
        StepVerifier.create(jobFeed.follow(caller, UUID.fromString(id)), 1)
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(15));

        assertThat(meters.get("jobstream.streams.closed.behind").counter().count())
                .isEqualTo(closedBefore + 1);
        client.awaitStatus(id, "completed");
        await().atMost(Duration.ofSeconds(5)).until(fastReader::isDisposed);
        assertThat(fast.getLast().isTerminal()).isTrue();
        assertThat(fast).extracting(JobFeedItem::seq).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void closedStreamsLeaveNoSubscriberBehind() {
        ApiClient client = client();
        String id = client.submit("demo", Map.of("stages", 1, "stage_ms", 20_000))
                .get("id")
                .asString();
        client.awaitStatus(id, "processing");
        double openBefore = gauge("jobstream.streams.open");
        double listenersBefore = streamListeners();

        List<Disposable> streams = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String uri = i % 2 == 0 ? "/api/jobs/" + id + "/events" : "/api/jobs/events";
            streams.add(client.stream(uri, null).subscribe());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("jobstream.streams.open") >= openBefore + 100);
        assertThat(streamListeners()).isGreaterThanOrEqualTo(listenersBefore + 100);

        streams.forEach(Disposable::dispose);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge("jobstream.streams.open") == openBefore && streamListeners() == listenersBefore);
        client.cancel(id);
    }

    /**
     * The instance's notification listeners but those of the jobs it runs (one each, for their
     * cancel): a job of an earlier test that starts or ends meanwhile (one requeued from an
     * instance that test killed, say) does not move it.
     */
    private double streamListeners() {
        return gauge("jobstream.streams.listeners") - gauge("jobstream.jobs.running");
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private JsonNode submitBatch(ApiClient client, int jobs, int stageMs) {
        return client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of(
                        "jobs",
                        IntStream.range(0, jobs)
                                .mapToObj(i ->
                                        Map.of("type", "demo", "payload", Map.of("stages", 2, "stage_ms", stageMs)))
                                .toList()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<String> kinds(List<ServerSentEvent<String>> events, String jobId) {
        return events.stream()
                .filter(event -> jobId.equals(jobId(event)))
                .map(ServerSentEvent::event)
                .toList();
    }

    private static String jobId(ServerSentEvent<String> event) {
        JsonNode data = ApiClient.data(event);
        return data.has("job_id") ? data.get("job_id").asString() : null;
    }
}
