package io.jobstream.external;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the workers of an external type get its jobs. One per type: a Kafka offer carries a
 * claim made when it is offered (the job is the worker's from then, under a lease), so a
 * job offered on Kafka must not also be claimable over HTTP, nor the other way round.
 */
public enum Delivery {
    /** Workers claim jobs over HTTP long-poll ({@code POST /api/workers/claim}). */
    HTTP,
    /** Jobs are offered, claimed, on the topic {@code jobstream.work.<type>}. */
    KAFKA;

    /** As the API spells it: {@code http}, {@code kafka}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Delivery> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(delivery -> delivery.wireName().equals(name))
                .findFirst();
    }
}
