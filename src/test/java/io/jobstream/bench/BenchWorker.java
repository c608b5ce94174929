package io.jobstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker process of {@link WorkerBenchmark}: one JVM that completes every job of one
 * external type as soon as it has it, with a result of {@code {}}, until it is stopped. It
 * uses nothing of jobstream's, as a team's own worker would: the JDK's {@link HttpClient}
 * over HTTP, plain kafka-clients over Kafka. It prints {@code ready} once it takes work, and
 * reports failed calls on standard error.
 *
 * <p>Arguments: {@code http <base url> <type> <max>} (the {@code jobs:work} token in the
 * environment variable {@code JOBSTREAM_TOKEN}) or {@code kafka <bootstrap servers> <type>}.
 */
final class BenchWorker {

    static final String TOKEN_VARIABLE = "JOBSTREAM_TOKEN";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPORTS = "jobstream.worker-reports";

    private BenchWorker() {}

    static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "http" -> overHttp(args[1], args[2], Integer.parseInt(args[3]), System.getenv(TOKEN_VARIABLE));
            case "kafka" -> overKafka(args[1], args[2]);
            default -> throw new IllegalArgumentException("http or kafka, not " + args[0]);
        }
    }

    /**
     * Long-polls {@code POST /api/workers/claim} for up to {@code max} jobs, and completes
     * each claimed job at once, asynchronously, so that up to {@code max} completions are in
     * flight while the next claim waits. A claim is made once at least half of {@code max} is
     * free, for all that is free: fewer, larger claims.
     */
    private static void overHttp(String baseUrl, String type, int max, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Semaphore free = new Semaphore(max);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            free.acquire(Math.max(1, max / 2));
            int asked = Math.max(1, max / 2) + free.drainPermits();
            HttpResponse<String> answer;
            try {
                answer = http.send(
                        post(
                                        baseUrl + "/api/workers/claim",
                                        token,
                                        Map.of("types", List.of(type), "max", asked, "wait_seconds", 20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                System.err.println("claim failed: " + e);
                free.release(asked);
                Thread.sleep(1000);
                continue;
            }
            if (answer.statusCode() != 200) {
                System.err.println("claim answered " + answer.statusCode() + ": " + answer.body());
                free.release(asked);
                Thread.sleep(1000);
                continue;
            }
            JsonNode jobs = JSON.readTree(answer.body()).get("jobs");
            free.release(asked - jobs.size());
            for (JsonNode job : jobs) {
                complete(http, baseUrl, token, job, free);
            }
        }
    }

    private static void complete(HttpClient http, String baseUrl, String token, JsonNode job, Semaphore free) {
        HttpRequest request = post(
                        baseUrl + "/api/workers/jobs/" + job.get("id").asString() + "/complete",
                        token,
                        Map.of("result", Map.of()))
                .header("Claim-Token", job.get("claim_token").asString())
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            free.release();
            if (error != null) {
                System.err.println("complete failed: " + error);
            } else if (response.statusCode() != 204) {
                System.err.println("complete answered " + response.statusCode() + ": " + response.body());
            }
        });
    }

    private static HttpRequest.Builder post(String url, String token, Map<String, ?> body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    /**
     * Reads offers from {@code jobstream.work.<type>} in a consumer group of its own and sends a
     * {@code complete} report for each, keyed by job id, without waiting for each send. No-op
     * jobs end before a cancel could matter, so it does not read the control topic, and it sends
     * no heartbeat (the type's lease is long enough for the whole backlog).
     */
    private static void overKafka(String bootstrapServers, String type) {
        try (var offers = new KafkaConsumer<String, String>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-workers-" + type,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class));
                var reports = new KafkaProducer<String, String>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class))) {
            offers.subscribe(List.of("jobstream.work." + type));
            boolean ready = false;
            while (true) {
                for (ConsumerRecord<String, String> record : offers.poll(Duration.ofMillis(100))) {
                    JsonNode offer = JSON.readTree(record.value());
                    String id = offer.get("id").asString();
                    String report = JSON.writeValueAsString(Map.of(
                            "type",
                            "complete",
                            "job_id",
                            id,
                            "claim_token",
                            offer.get("claim_token").asString(),
                            "result",
                            Map.of()));
                    reports.send(new ProducerRecord<>(REPORTS, id, report), (metadata, error) -> {
                        if (error != null) {
                            System.err.println("report on " + id + " failed: " + error);
                        }
                    });
                }
                if (!ready && !offers.assignment().isEmpty()) {
                    ready = true;
                    System.out.println("ready");
                    System.out.flush();
                }
            }
        }
    }
}
