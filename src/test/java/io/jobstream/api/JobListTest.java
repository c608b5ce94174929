package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/jobs: filters, order, both ways of paging, and who sees what; GET /api/jobs/counts. Each test lists its own user's jobs.
 * Bad parameters, refused before any job is read, are in {@link JobRoutesTest}.
 */
@JobstreamTest
class JobListTest {

    @LocalServerPort
    int port;

    String user;
    ApiClient client;

    @BeforeEach
    void freshUser() {
        user = "lister-" + UUID.randomUUID();
        client = ApiClient.as(user, port);
    }

    private String submit(Map<String, ?> payload) {
        return client.submit("demo", payload).get("id").asString();
    }

    private List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("jobs").spliterator(), false)
                .map(job -> job.get("id").asString())
                .toList();
    }

    @Test
    void filtersByStatusWithAliasesAndCommaLists() {
        String completed = submit(Map.of("stages", 1));
        String failed = submit(Map.of("stages", 1, "fail_at_stage", 1));
        String running = submit(Map.of("stages", 1, "stage_ms", 60_000));
        client.awaitStatus(completed, "completed");
        client.awaitStatus(failed, "failed");
        client.awaitStatus(running, "processing");

        assertThat(ids(client.getJson("/api/jobs?status=completed"))).containsExactly(completed);
        assertThat(ids(client.getJson("/api/jobs?status=running"))).containsExactly(running);
        assertThat(ids(client.getJson("/api/jobs?status=processing"))).containsExactly(running);
        assertThat(ids(client.getJson("/api/jobs?status=failed,completed")))
                .containsExactlyInAnyOrder(failed, completed);
        assertThat(ids(client.getJson("/api/jobs?status=pending"))).isEmpty();
        client.cancel(running);
        assertThat(ids(client.getJson("/api/jobs?status=cancelled"))).containsExactly(running);
    }

    @Test
    void filtersByTypeResultTypeBatchAndCreationTime() {
        Instant before = Instant.now().minusSeconds(1);
        String single = submit(Map.of("stages", 1));
        JsonNode batch = client.http()
                .post()
                .uri("/api/jobs/batch")
                .bodyValue(Map.of(
                        "batch_name", "b", "jobs", List.of(Map.of("type", "demo", "payload", Map.of("stages", 1)))))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String batchId = batch.get("batch_id").asString();
        String inBatch = batch.at("/jobs/0/id").asString();
        Instant after = Instant.now().plusSeconds(1);

        assertThat(ids(client.getJson("/api/jobs?type=demo"))).containsExactlyInAnyOrder(single, inBatch);
        assertThat(ids(client.getJson("/api/jobs?type=other"))).isEmpty();
        assertThat(ids(client.getJson("/api/jobs?result_type=json"))).containsExactlyInAnyOrder(single, inBatch);
        assertThat(ids(client.getJson("/api/jobs?batch_id={b}", batchId))).containsExactly(inBatch);
        assertThat(ids(client.getJson("/api/jobs?created_from={f}&created_to={t}", before, after)))
                .hasSize(2);
        assertThat(ids(client.getJson("/api/jobs?created_from={f}", after.toEpochMilli())))
                .isEmpty();
        assertThat(ids(client.getJson("/api/jobs?created_to={t}", before.toEpochMilli())))
                .isEmpty();
    }

    @Test
    void newestFirstByDefaultAndSortable() {
        String first = submit(Map.of("stages", 1));
        client.awaitStatus(first, "completed");
        String second = submit(Map.of("stages", 1, "fail_at_stage", 1));
        client.awaitStatus(second, "failed");

        assertThat(ids(client.getJson("/api/jobs"))).containsExactly(second, first);
        assertThat(ids(client.getJson("/api/jobs?order=asc"))).containsExactly(first, second);
        assertThat(ids(client.getJson("/api/jobs?sort=status&order=asc"))).containsExactly(first, second);
        assertThat(ids(client.getJson("/api/jobs?sort=completed_at&order=desc")))
                .containsExactly(second, first);
        assertThat(ids(client.getJson("/api/jobs?sort=type"))).hasSize(2);
        assertThat(ids(client.getJson("/api/jobs?sort=updated_at&order=asc"))).containsExactly(first, second);
    }

    @Test
    void offsetPagingCarriesTotalAndHasMore() {
        List<String> created =
                IntStream.range(0, 5).mapToObj(i -> submit(Map.of("stages", 1))).toList();

        JsonNode first = client.getJson("/api/jobs?limit=2&order=asc");
        JsonNode last = client.getJson("/api/jobs?limit=2&offset=4&order=asc");

        assertThat(ids(first)).containsExactly(created.get(0), created.get(1));
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("limit").asInt()).isEqualTo(2);
        assertThat(first.get("offset").asInt()).isZero();
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(ids(last)).containsExactly(created.get(4));
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(client.getJson("/api/jobs").get("limit").asInt()).isEqualTo(50);
    }

    @Test
    void cursorPagingLosesAndRepeatsNothingWhileJobsArrive() {
        Set<String> before = new HashSet<>();
        IntStream.range(0, 12).forEach(i -> before.add(submit(Map.of("stages", 1))));
        CompletableFuture<List<String>> arriving = CompletableFuture.supplyAsync(() -> IntStream.range(0, 12)
                .mapToObj(i -> submit(Map.of("stages", 1)))
                .toList());

        List<String> seen = new ArrayList<>();
        JsonNode page = client.getJson("/api/jobs?limit=3");
        seen.addAll(ids(page));
        while (page.get("has_more").asBoolean()) {
            page = client.getJson(
                    "/api/jobs?limit=3&cursor={c}", page.get("next_cursor").asString());
            assertThat(page.get("offset").isNull()).isTrue();
            seen.addAll(ids(page));
        }
        arriving.join();

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
    }

    @Test
    void historyListsTheSameJobs() {
        String id = submit(Map.of("stages", 1));

        assertThat(ids(client.getJson("/api/history/jobs"))).containsExactly(id);
        assertThat(client.getJson("/api/history/jobs/{id}", id).get("id").asString())
                .isEqualTo(id);
    }

    @Test
    void usersSeeOnlyTheirOwnJobsAndAdminsSeeEveryone() {
        String mine = submit(Map.of("stages", 1));
        ApiClient other = ApiClient.as(user + "-other", port);
        String theirs = other.submit("demo", Map.of("stages", 1)).get("id").asString();
        ApiClient admin = ApiClient.as("admin-" + UUID.randomUUID(), "jobs:admin", port);

        assertThat(ids(client.getJson("/api/jobs"))).containsExactly(mine);
        assertThat(ids(other.getJson("/api/jobs"))).containsExactly(theirs);
        assertThat(ids(admin.getJson("/api/jobs?limit=100"))).contains(mine, theirs);
        assertThat(admin.get(theirs).get("owner").asString()).isEqualTo(user + "-other");
        assertThat(ids(admin.getJson("/api/jobs?owner={o}", user))).containsExactly(mine);
        assertThat(ids(client.getJson("/api/jobs?owner={o}", user + "-other"))).isEmpty();
    }

    @Test
    void countsJobsPerStatusWithTheListsFilters() {
        String completed = submit(Map.of("stages", 1));
        String failed = submit(Map.of("stages", 1, "fail_at_stage", 1));
        String running = submit(Map.of("stages", 1, "stage_ms", 60_000));
        client.awaitStatus(completed, "completed");
        client.awaitStatus(failed, "failed");
        client.awaitStatus(running, "processing");
        ApiClient.as(user + "-other", port).submit("demo", Map.of("stages", 1));

        JsonNode counts = client.getJson("/api/jobs/counts");
        assertThat(counts.get("counts").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("queued", "processing", "retrying", "completed", "failed", "cancelled");
        assertThat(counts.get("counts").get("completed").asLong()).isEqualTo(1);
        assertThat(counts.get("counts").get("failed").asLong()).isEqualTo(1);
        assertThat(counts.get("counts").get("processing").asLong()).isEqualTo(1);
        assertThat(counts.get("counts").get("queued").asLong()).isZero();
        assertThat(counts.get("total").asLong()).isEqualTo(3);
        assertThat(client.getJson("/api/jobs/counts?type=parse").get("total").asLong())
                .isZero();
        client.cancel(running);
        client.http()
                .get()
                .uri("/api/jobs/counts?status=failed")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("status");
    }

    @Test
    void cursorPagingWorksForEverySort() {
        IntStream.range(0, 5).forEach(i -> submit(Map.of("stages", 1)));
        for (String sort : List.of("created_at", "updated_at", "completed_at", "status", "type")) {
            for (String order : List.of("asc", "desc")) {
                List<String> seen = new ArrayList<>();
                JsonNode page = client.getJson("/api/jobs?limit=2&sort={s}&order={o}", sort, order);
                seen.addAll(ids(page));
                while (page.get("has_more").asBoolean()) {
                    page = client.getJson(
                            "/api/jobs?limit=2&cursor={c}",
                            page.get("next_cursor").asString());
                    seen.addAll(ids(page));
                }
                assertThat(seen).as(sort + " " + order).hasSize(5).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void cursorCannotBeMixedWithAnotherOrder() {
        IntStream.range(0, 3).forEach(i -> submit(Map.of("stages", 1)));
        String cursor = client.getJson("/api/jobs?limit=1").get("next_cursor").asString();

        client.http()
                .get()
                .uri("/api/jobs?limit=1&order=asc&cursor={c}", cursor)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("cursor");
    }
}
