package io.jobstream.job;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/** Test data: a new {@code demo} job, {@code NewJobs.demo().owner("alice").stages(2).build()}. */
final class NewJobs {

    private String owner = "store-test";
    private int stages = 1;
    private @Nullable String idempotencyKey;
    private @Nullable String requestHash;
    private @Nullable Webhook webhook;

    private NewJobs() {}

    static NewJobs demo() {
        return new NewJobs();
    }

    NewJobs owner(String owner) {
        this.owner = owner;
        return this;
    }

    NewJobs stages(int stages) {
        this.stages = stages;
        return this;
    }

    /** A submission with this idempotency key, whose content hashes to {@code requestHash}. */
    NewJobs idempotencyKey(String key, String requestHash) {
        this.idempotencyKey = key;
        this.requestHash = requestHash;
        return this;
    }

    NewJobs webhook(@Nullable Webhook webhook) {
        this.webhook = webhook;
        return this;
    }

    NewJob build() {
        return new NewJob(
                UUID.randomUUID(),
                owner,
                "demo",
                false,
                JsonNodeFactory.instance.objectNode().put("stages", stages),
                "json",
                null,
                idempotencyKey,
                requestHash,
                webhook,
                Schedule.NOW,
                null);
    }
}
