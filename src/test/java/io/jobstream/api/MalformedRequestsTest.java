package io.jobstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A few thousand malformed requests, generated as an attacker would send them, on raw sockets
 * (an HTTP client would refuse to send most of them): broken percent-encoding, over-long
 * request lines and headers, invalid {@code Content-Type} values, odd methods, paths and
 * bodies, and another user's job under every spelling of its path. None may get a 5xx; every
 * 4xx is a problem document; no answer carries anything of the other user's job (its owner's
 * name is in every view of it).
 */
@JobstreamTest
class MalformedRequestsTest {

    private static final Random RANDOM = new Random(20261206);

    @LocalServerPort
    int port;

    @Test
    @Timeout(300)
    void malformedRequestsGetProblemsNever5xxAndNoOneElsesJob() throws IOException {
        ApiClient alice = ApiClient.as("victim-" + UUID.randomUUID(), port);
        String secret = alice.submit("demo", Map.of("stages", 1)).get("id").asString();
        String mallory = Tokens.forUser("mallory-" + UUID.randomUUID());

        List<byte[]> requests = new ArrayList<>();
        requests.addAll(brokenEncodings(mallory));
        requests.addAll(overLong(mallory));
        requests.addAll(badContentTypes(mallory));
        requests.addAll(oddRequests(mallory));
        requests.addAll(someoneElsesJob(mallory, secret));

        Map<String, List<String>> failures = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        for (byte[] request : requests) {
            Answer answer = send(request);
            String what = new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "⏎");
            log.append(answer.status())
                    .append(" [")
                    .append(answer.contentType())
                    .append("] ")
                    .append(what.split("⏎")[0])
                    .append('\n');
            if (answer.status() >= 500) {
                failures.computeIfAbsent("5xx", k -> new ArrayList<>()).add(answer.status() + " " + what);
            } else if (answer.status() >= 400
                    && !answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                failures.computeIfAbsent("4xx not a problem", k -> new ArrayList<>())
                        .add(answer.status() + " [" + answer.contentType() + "] " + what);
            }
            if (answer.body().contains(alice.subject())) {
                failures.computeIfAbsent("leak", k -> new ArrayList<>()).add(answer.status() + " " + what);
            }
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/malformed.log"), log);
        assertThat(requests).hasSizeGreaterThan(2000);
        assertThat(failures)
                .as(() -> failures.entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue().size() + "): "
                                + e.getValue()
                                        .subList(0, Math.min(8, e.getValue().size())))
                        .reduce("", (a, b) -> a + "\n" + b))
                .isEmpty();
    }

    private static List<byte[]> brokenEncodings(String token) {
        String[] bad = {"%", "%z", "%zz", "%E0%A4", "%C3", "%%", "%0", "%G1", "%u0041", "%FF%FE", "%C0%AF", "%ED%A0%80"
        };
        String[] prefixes = {
            "/api/jobs/", "/api/jobs?status=", "/api/files/", "/ui/jobs/", "/", "/api/jobs/batch/", "/api/"
        };
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String path = prefixes[i % prefixes.length] + junk(i % 5) + bad[RANDOM.nextInt(bad.length)] + junk(i % 3);
            out.add(request(i % 4 == 0 ? "POST" : "GET", path, token, Map.of(), i % 4 == 0 ? "{}" : null));
        }
        return out;
    }

    private static List<byte[]> overLong(String token) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            out.add(request("GET", "/api/jobs?type=" + "a".repeat(5_000 + i * 1_000), token, Map.of(), null));
            out.add(request("GET", "/api/jobs", token, Map.of("X-Long", "b".repeat(9_000 + i * 500)), null));
            Map<String, String> many = new LinkedHashMap<>();
            for (int h = 0; h < 200 + i * 10; h++) {
                many.put("X-Many-" + h, "c".repeat(64));
            }
            out.add(request("GET", "/api/jobs", token, many, null));
        }
        return out;
    }

    private static List<byte[]> badContentTypes(String token) {
        String[] types = {
            ";",
            "/",
            "application/",
            "/json",
            "a/b/c",
            "application/json; charset=",
            "application/json; charset=nope",
            "text/plain; charset=\"",
            "application/json;;;",
            "application json",
            "*/*",
            "application/*",
            "\u0001",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "application/json; boundary=\"\"",
            "x",
            "application/x-www-form-urlencoded",
            "text/html",
            "application/problem+json;q=x"
        };
        String[] paths = {
            "/api/jobs",
            "/api/jobs/batch",
            "/api/files",
            "/api/search",
            "/api/stream-tokens",
            "/api/workers/claim",
            "/api/job-types/x"
        };
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String type = types[i % types.length] + (i % 7 == 0 ? junk(3) : "");
            String path = paths[RANDOM.nextInt(paths.length)];
            out.add(request(
                    path.endsWith("/x") ? "PUT" : "POST",
                    path,
                    token,
                    Map.of("Content-Type", type),
                    "{\"type\":\"demo\"}"));
        }
        return out;
    }

    private static List<byte[]> oddRequests(String token) {
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "get"};
        String[] paths = {
            "/api/jobs",
            "/api/jobs/not-a-uuid",
            "/api/jobs//",
            "/api/../api/jobs",
            "/api/jobs/%2F",
            "/api/jobs?limit=-1",
            "/api/jobs?limit=99999999999999999999",
            "/api/jobs?created_from=yesterday",
            "/api/jobs?cursor=%00",
            "/api/jobs/batch/x",
            "/api/files?limit=x",
            "/api/jobs/counts?owner=%00",
            "/api/jobs/" + UUID.randomUUID() + "/logs?offset=-5",
            "/api/workers/jobs/x/heartbeat",
            "/ui/config.json?x=%"
        };
        String[] bodies = {
            null,
            "",
            "{",
            "[]",
            "null",
            "{\"type\":1}",
            "{\"type\":\"demo\",\"payload\":\"x\"}",
            "\u0000\u0001",
            "{\"type\":\"demo\",\"payload\":{\"stages\":1e999}}",
            "{\"a\":" + "[".repeat(2000)
        };
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String body = bodies[RANDOM.nextInt(bodies.length)];
            Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
            String auth = switch (i % 5) {
                case 0 -> null;
                case 1 -> "Bearer not.a.jwt";
                case 2 -> "Basic " + junk(4);
                default -> "Bearer " + token;
            };
            out.add(raw(methods[i % methods.length], paths[RANDOM.nextInt(paths.length)], auth, headers, body));
        }
        return out;
    }

    private static List<byte[]> someoneElsesJob(String token, String id) {
        String[] spellings = {
            "/api/jobs/%s",
            "/api/jobs/%s/",
            "/api/jobs/%s/logs",
            "/api/jobs/%s/events",
            "/api/history/jobs/%s",
            "/api/jobs/%s/documents",
            "/api/jobs/%s/artifacts",
            "/api/jobs/%s/download-archive",
            "/api/jobs//%s",
            "/api/./jobs/%s",
            "/api/jobs/%s;x=1",
            "/api/jobs/%s%%00",
            "/api/jobs/%s/webhook-deliveries",
            "/api/jobs?original_job_id=%s",
            "/api/jobs/batch/%s",
            "/api/jobs/%s/rerun"
        };
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String spelled = i % 3 == 0 ? id.toUpperCase(Locale.ROOT) : id;
            String path = spellings[i % spellings.length].formatted(spelled);
            String method = path.endsWith("/rerun") ? "POST" : i % 4 == 0 ? "DELETE" : "GET";
            out.add(request(method, path, token, Map.of(), null));
        }
        return out;
    }

    private static String junk(int length) {
        String alphabet = "abcXYZ019-_.~!$&'()*+,;=:@/?[]{}|\\^` \"<>";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString().replace(" ", "%20").replace("\"", "%22");
    }

    private static byte[] request(String method, String path, String token, Map<String, String> headers, String body) {
        return raw(method, path, "Bearer " + token, headers, body);
    }

    private static byte[] raw(
            String method, String path, String authorization, Map<String, String> headers, String body) {
        StringBuilder head =
                new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + content.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(content, 0, all, start.length, content.length);
        return all;
    }

    private record Answer(int status, String contentType, String body) {}

    private Answer send(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (a refused, over-long request)
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0 && read.size() < 1_000_000; ) {
                    read.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // a reset after the answer was read
            }
            String text = read.toString(StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                return new Answer(0, "", "");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String contentType = text.lines()
                    .takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).trim())
                    .findFirst()
                    .orElse("");
            return new Answer(status, contentType, text);
        }
    }
}
