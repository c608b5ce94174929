package io.jobstream.progress;

import java.util.Optional;
import java.util.UUID;

/**
 * A place in the stream of many jobs' events, which runs in the order (transaction, job,
 * seq): "after this event". {@link #token()} is its text form, the SSE {@code id} a client
 * resumes from. See {@code V5__event_streams.sql} for why the transaction comes first.
 */
public record StreamPosition(long txid, UUID jobId, long seq) {

    private static final UUID FIRST_JOB = new UUID(0, 0);

    /** Before every event of transaction {@code txid} and later ones: all earlier ones are behind. */
    public static StreamPosition before(long txid) {
        return new StreamPosition(txid, FIRST_JOB, 0);
    }

    public boolean isBefore(StreamPosition other) {
        int byTransaction = Long.compareUnsigned(txid, other.txid);
        if (byTransaction != 0) {
            return byTransaction < 0;
        }
        int byJob = jobId.compareTo(other.jobId);
        return byJob != 0 ? byJob < 0 : seq < other.seq;
    }

    public String token() {
        return Long.toUnsignedString(txid) + "." + seq + "." + jobId;
    }

    /** The position a {@link #token()} names; empty for anything else. */
    public static Optional<StreamPosition> parse(String token) {
        String[] parts = token.trim().split("\\.", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            long txid = Long.parseUnsignedLong(parts[0]);
            long seq = Long.parseLong(parts[1]);
            UUID jobId = UUID.fromString(parts[2]);
            return seq >= 0 && jobId.toString().equals(parts[2].toLowerCase(java.util.Locale.ROOT))
                    ? Optional.of(new StreamPosition(txid, jobId, seq))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
