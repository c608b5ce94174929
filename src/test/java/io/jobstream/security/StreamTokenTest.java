package io.jobstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.Caller;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

/** Stream tokens: what a browser's EventSource opens streams with, and nothing more. */
@JobstreamTest
class StreamTokenTest {

    private static final String SECRET = "a-secret-of-at-least-32-characters!";

    @LocalServerPort
    int port;

    @Test
    void tokenStandsForItsCallerUntilItExpires() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        StreamTokens tokens = new StreamTokens(
                new StreamTokenProperties(Duration.ofMinutes(5), SECRET), Clock.fixed(now, ZoneOffset.UTC));
        StreamTokens.Issued issued = tokens.issue(new Caller("alice", false));
        assertThat(issued.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(tokens.verify(issued.token())).contains(new Caller("alice", false));
        assertThat(tokens.verify(tokens.issue(new Caller("root", true)).token()))
                .contains(new Caller("root", true));

        StreamTokens later = new StreamTokens(
                new StreamTokenProperties(Duration.ofMinutes(5), SECRET),
                Clock.fixed(now.plus(Duration.ofMinutes(5)).plusSeconds(1), ZoneOffset.UTC));
        assertThat(later.verify(issued.token())).isEmpty();
        StreamTokens otherSecret = new StreamTokens(
                new StreamTokenProperties(Duration.ofMinutes(5), "another-secret-of-at-least-32-chars"),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(otherSecret.verify(issued.token())).isEmpty();
        // another subject or the admin flag put into a signed token breaks the signature
        String[] parts = issued.token().split("\\.");
        String asBob = String.join(".", parts[0], "Ym9i", parts[2], parts[3], parts[4]);
        String asAdmin = String.join(".", parts[0], parts[1], "1", parts[3], parts[4]);
        assertThat(tokens.verify(asBob)).isEmpty();
        assertThat(tokens.verify(asAdmin)).isEmpty();
        assertThat(tokens.verify("nonsense")).isEmpty();
    }

    @Test
    void readOnlyCallerGetsATokenThatOpensItsStreamsOnly() {
        String user = "token-" + UUID.randomUUID();
        ApiClient reader = ApiClient.as(user, "jobs:read", port);
        String id = ApiClient.as(user, port)
                .submit("demo", Map.of("stages", 1, "stage_ms", 0))
                .get("id")
                .asString();

        JsonNode issued = reader.http()
                .post()
                .uri("/api/stream-tokens")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String token = issued.get("token").asString();
        assertThat(issued.get("expires_in").asLong()).isBetween(250L, 300L);

        // no Authorization header: the token alone opens the stream
        List<ServerSentEvent<String>> events = WebClient.create("http://localhost:" + port)
                .get()
                .uri("/api/jobs/{id}/events?stream_token={token}", id, token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(event -> event.comment() == null)
                .collectList()
                .block(ApiClient.TIMEOUT);
        assertThat(events.getFirst().event()).isEqualTo("state");
        assertThat(ApiClient.data(events.getLast()).get("status").asString()).isEqualTo("completed");

        WebTestClient anonymous =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        // off the streams it is worth nothing
        anonymous
                .get()
                .uri("/api/jobs/{id}?stream_token={token}", id, token)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        anonymous
                .delete()
                .uri("/api/jobs/{id}?stream_token={token}", id, token)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // nor can a leaked token get itself a fresh one
        anonymous
                .post()
                .uri("/api/stream-tokens?stream_token={token}", token)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // another user's job stays hidden
        String others = ApiClient.as("other-" + UUID.randomUUID(), port)
                .submit("demo", Map.of("stages", 1))
                .get("id")
                .asString();
        anonymous
                .get()
                .uri("/api/jobs/{id}/events?stream_token={token}", others, token)
                .exchange()
                .expectStatus()
                .isNotFound();
        // a forged token is refused like a forged bearer token
        anonymous
                .get()
                .uri("/api/jobs/events?stream_token={token}", token.substring(0, token.length() - 2) + "xx")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).contains("invalid_token"));
    }

    @Test
    void pagesFromAllowedOriginsMayAskForTokens() {
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .options()
                .uri("/api/stream-tokens")
                .header(HttpHeaders.ORIGIN, "http://127.0.0.1:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://127.0.0.1:5173");
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .options()
                .uri("/api/stream-tokens")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}
