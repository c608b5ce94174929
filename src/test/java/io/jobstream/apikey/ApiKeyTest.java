package io.jobstream.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** API keys end to end: made with a token, used as a bearer credential, listed and revoked. */
@JobstreamTest
class ApiKeyTest {

    @LocalServerPort
    int port;

    @Test
    void aKeySubmitsAndReadsJobsAsItsCreatorAndIsListedWithoutItsSecret() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        JsonNode created = Keys.create(alice, "billing backend", List.of("jobs:read", "jobs:write"));
        String key = created.get("key").asString();
        assertThat(key).matches("jsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(key).startsWith(created.get("prefix").asString() + "_");
        assertThat(created.get("name").asString()).isEqualTo("billing backend");
        assertThat(created.get("created_at").isNull()).isFalse();
        assertThat(created.get("last_used_at").isNull()).isTrue();

        WebTestClient withKey = Keys.client(port, key);
        JsonNode job = withKey.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String id = job.get("id").asString();
        // the key's job is its creator's: it shows to her token, and the key reads her jobs
        assertThat(alice.get(id).get("owner").asString()).isEqualTo(alice.subject());
        withKey.get().uri("/api/jobs/{id}", id).exchange().expectStatus().isOk();
        String othersJob = ApiClient.as("other-" + UUID.randomUUID(), port)
                .submit("demo", Map.of("stages", 1))
                .get("id")
                .asString();
        withKey.get().uri("/api/jobs/{id}", othersJob).exchange().expectStatus().isNotFound();

        String listed = alice.http()
                .get()
                .uri("/api/api-keys")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).doesNotContain(key).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
        JsonNode listedKey = alice.getJson("/api/api-keys").get("api_keys").get(0);
        assertThat(listedKey.get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(listedKey.get("prefix").asString())
                .isEqualTo(created.get("prefix").asString());
        assertThat(listedKey.get("name").asString()).isEqualTo("billing backend");
        assertThat(listedKey.get("scopes").valueStream().map(JsonNode::asString))
                .containsExactly("jobs:read", "jobs:write");
        assertThat(listedKey.has("key")).isFalse();
        // the use is written within seconds, off the request path
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !alice.getJson("/api/api-keys")
                        .get("api_keys")
                        .get(0)
                        .get("last_used_at")
                        .isNull());
    }

    @Test
    void aRevokedKeyIsRefusedWithTheUsualProblem() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        JsonNode created = Keys.create(alice, "to revoke", List.of("jobs:read"));
        WebTestClient withKey = Keys.client(port, created.get("key").asString());
        withKey.get().uri("/api/jobs").exchange().expectStatus().isOk();

        alice.http()
                .delete()
                .uri("/api/api-keys/{id}", created.get("id").asString())
                .exchange()
                .expectStatus()
                .isNoContent();

        refused(withKey.get().uri("/api/jobs"));
        assertThat(alice.getJson("/api/api-keys").get("api_keys")).isEmpty();
        alice.http()
                .delete()
                .uri("/api/api-keys/{id}", created.get("id").asString())
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void anExpiredKeyIsRefused() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        JsonNode created = alice.http()
                .post()
                .uri("/api/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "name",
                        "short-lived",
                        "scopes",
                        List.of("jobs:read"),
                        "expires_at",
                        Instant.now().plusSeconds(2).toString()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        WebTestClient withKey = Keys.client(port, created.get("key").asString());
        withKey.get().uri("/api/jobs").exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> withKey.get()
                                .uri("/api/jobs")
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 401);
        refused(withKey.get().uri("/api/jobs"));
        // it stays listed, with its expiry, until revoked
        assertThat(alice.getJson("/api/api-keys")
                        .get("api_keys")
                        .get(0)
                        .get("expires_at")
                        .isNull())
                .isFalse();
    }

    @Test
    void aKeyIsHeldToItsScopes() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        WebTestClient reader = Keys.client(
                port,
                Keys.create(alice, "reader", List.of("jobs:read")).get("key").asString());

        reader.get().uri("/api/jobs").exchange().expectStatus().isOk();
        reader.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1)))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge)
                                .contains("insufficient_scope")
                                .contains("jobs:write"));
        // nor does it reach what only admins or workers do
        reader.get().uri("/actuator/metrics").exchange().expectStatus().isForbidden();
        reader.post()
                .uri("/api/workers/claim")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("job_types", List.of("x")))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aKeyGetsNoScopeItsCreatorLacks() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        JsonNode refused = problem(alice, Map.of("name", "admin", "scopes", List.of("jobs:read", "jobs:admin")), 403);
        assertThat(fields(refused)).containsExactly("scopes");
        assertThat(refused.get("detail").asString()).contains("jobs:admin");

        // a worker restricted to some job types cannot make a key of every type
        ApiClient restrictedWorker = ApiClient.as("keys-" + UUID.randomUUID(), port);
        WebTestClient worker = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer "
                                + Tokens.withClaims(
                                        restrictedWorker.subject(),
                                        Map.of("scope", "jobs:write jobs:work", "job_types", List.of("only-this"))))
                .build();
        worker.post()
                .uri("/api/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "worker", "scopes", List.of("jobs:work")))
                .exchange()
                .expectStatus()
                .isForbidden();

        // admin implies read and write: an admin may hand out a read-only key
        ApiClient admin = ApiClient.as("keys-" + UUID.randomUUID(), "jobs:admin", port);
        Keys.create(admin, "dashboard reader", List.of("jobs:read"));
    }

    @Test
    void anAdminKeyScrapesPrometheusWithoutATokenToRenew() {
        ApiClient admin = ApiClient.as("keys-" + UUID.randomUUID(), "jobs:admin", port);
        String key = Keys.create(admin, "prometheus", List.of("jobs:admin"))
                .get("key")
                .asString();

        String scraped = Keys.client(port, key)
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scraped).contains("jobstream_jobs_queue_depth");
    }

    @Test
    void aKeyCannotMakeAnotherKey() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        WebTestClient withKey = Keys.client(
                port,
                Keys.create(alice, "writer", List.of("jobs:read", "jobs:write"))
                        .get("key")
                        .asString());
        withKey.post()
                .uri("/api/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "successor", "scopes", List.of("jobs:read")))
                .exchange()
                .expectStatus()
                .isForbidden();
        // listing its owner's keys is a read, which it may do
        withKey.get().uri("/api/api-keys").exchange().expectStatus().isOk();
    }

    @Test
    void badRequestsNameTheirField() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        assertThat(fields(problem(alice, Map.of("scopes", List.of("jobs:read")), 400)))
                .containsExactly("name");
        assertThat(fields(problem(alice, Map.of("name", "k", "scopes", List.of()), 400)))
                .containsExactly("scopes");
        assertThat(fields(problem(alice, Map.of("name", "k", "scopes", List.of("jobs:everything")), 400)))
                .containsExactly("scopes");
        assertThat(fields(problem(
                        alice,
                        Map.of(
                                "name",
                                "k",
                                "scopes",
                                List.of("jobs:read"),
                                "expires_at",
                                Instant.now().minusSeconds(60).toString()),
                        400)))
                .containsExactly("expires_at");
        assertThat(fields(problem(
                        alice, Map.of("name", "k", "scopes", List.of("jobs:read"), "expires_at", "tomorrow"), 400)))
                .containsExactly("expires_at");
        assertThat(fields(problem(alice, Map.of("name", "k", "scopes", List.of("jobs:read"), "owner", "bob"), 400)))
                .containsExactly("owner");
        alice.http()
                .delete()
                .uri("/api/api-keys/not-an-id")
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(alice.getJson("/api/api-keys").get("api_keys")).isEmpty();
    }

    @Test
    void anotherUserNeitherSeesNorRevokesMyKey() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        ApiClient bob = ApiClient.as("keys-" + UUID.randomUUID(), port);
        ApiClient admin = ApiClient.as("keys-" + UUID.randomUUID(), "jobs:admin", port);
        JsonNode created = Keys.create(alice, "mine", List.of("jobs:read"));

        assertThat(bob.getJson("/api/api-keys").get("api_keys")).isEmpty();
        assertThat(admin.getJson("/api/api-keys").get("api_keys")).isEmpty();
        for (ApiClient other : List.of(bob, admin)) {
            other.http()
                    .delete()
                    .uri("/api/api-keys/{id}", created.get("id").asString())
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        Keys.client(port, created.get("key").asString())
                .get()
                .uri("/api/jobs")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aForgedOrMangledKeyIsRefused() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        String key = Keys.create(alice, "real", List.of("jobs:read")).get("key").asString();
        // the right public id with another secret
        String forged = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String wrong :
                List.of(forged, "jsk_", "jsk_nonsense", key + "x", "jsk_0123456789abcdef_" + "A".repeat(43))) {
            refused(Keys.client(port, wrong).get().uri("/api/jobs"));
        }
    }

    @Test
    void aKeyGetsAStreamTokenLikeAJwt() {
        ApiClient alice = ApiClient.as("keys-" + UUID.randomUUID(), port);
        String id = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        WebTestClient reader = Keys.client(
                port,
                Keys.create(alice, "stream reader", List.of("jobs:read"))
                        .get("key")
                        .asString());
        String token = reader.post()
                .uri("/api/stream-tokens")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("token")
                .asString();

        // the token alone opens the stream of the key owner's job, to its end
        List<ServerSentEvent<String>> events = WebClient.create("http://localhost:" + port)
                .get()
                .uri("/api/jobs/{id}/events?stream_token={token}", id, token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(event -> event.comment() == null)
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(ApiClient.data(events.getLast()).get("status").asString()).isEqualTo("completed");
    }

    /** A 401 problem with the bearer challenge of a refused token. */
    private static void refused(WebTestClient.RequestHeadersSpec<?> request) {
        request.exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
    }

    private static JsonNode problem(ApiClient caller, Map<String, ?> body, int status) {
        return caller.http()
                .post()
                .uri("/api/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors")
                .valueStream()
                .map(error -> error.get("field").asString())
                .toList();
    }
}
