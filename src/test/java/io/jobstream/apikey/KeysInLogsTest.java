package io.jobstream.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys, tokens and webhook secrets never reach the log, even with the security chain, the web layer and jobstream
 * itself at DEBUG: not when a key is made, nor used, nor refused. The calls go through the JDK's
 * HTTP client, whose lines (unlike a Spring client's in this JVM) are not the server's.
 */
@JobstreamTest
@ExtendWith(OutputCaptureExtension.class)
class KeysInLogsTest {

    /** What an operator might turn to DEBUG to see why a request was refused. */
    private static final List<String> LOGGERS = List.of(
            "org.springframework.security", "org.springframework.web", "org.springframework.http", "io.jobstream");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    LoggingSystem logging;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noKeyOrTokenIsLoggedAtDebug(CapturedOutput output) throws Exception {
        String user = "keys-" + UUID.randomUUID();
        String token = Tokens.forUser(user);
        LOGGERS.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
        String key;
        String forged;
        String webhookSecret;
        String streamToken;
        try {
            HttpResponse<String> created = send("POST", "/api/api-keys", token, """
                    {"name": "logged?", "scopes": ["jobs:read", "jobs:write"]}""");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode answer = JSON.readTree(created.body());
            key = answer.get("key").asString();
            forged = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");

            assertThat(send("GET", "/api/jobs", key, null).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/api/jobs", key, """
                            {"type": "demo", "payload": {"stages": 1}}""").statusCode()).isEqualTo(201);
            assertThat(send("GET", "/api/jobs", forged, null).statusCode()).isEqualTo(401);
            assertThat(send("DELETE", "/api/api-keys/" + answer.get("id").asString(), token, null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(send("GET", "/api/jobs", key, null).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/api/jobs", token + "x", null).statusCode()).isEqualTo(401);
            webhookSecret = JSON.readTree(
                            send("GET", "/api/webhook-secret", token, null).body())
                    .get("secret")
                    .asString();
            streamToken = JSON.readTree(
                            send("POST", "/api/stream-tokens", token, null).body())
                    .get("token")
                    .asString();
        } finally {
            LOGGERS.forEach(logger -> logging.setLogLevel(logger, null));
        }

        String secret = key.substring(key.lastIndexOf('_') + 1);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // the DEBUG lines were captured: the refusals are in them, by what was refused rather than with what
        assertThat(output.getAll())
                .contains("Authentication failed")
                .contains("API key is unknown, revoked or expired");
        assertThat(output.getAll())
                .doesNotContain(secret)
                .doesNotContain(forged.substring(forged.lastIndexOf('_') + 1))
                .doesNotContain(signature)
                .doesNotContain(webhookSecret)
                .doesNotContain(streamToken);
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(ApiClient.TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
