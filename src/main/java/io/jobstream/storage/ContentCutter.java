package io.jobstream.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Re-cuts a stream of buffers of any size into pieces of exactly {@code size} bytes (the last
 * one shorter), counting the bytes and computing their SHA-256 on the way. Clients send
 * buffers of whatever size their network gives; the backends want fixed pieces (a row of
 * about 256 KB, an S3 part of at least 5 MB). One cutter serves one subscription: it holds
 * the piece being filled and the digest, which is why {@link #cut} is used inside a
 * {@code defer}.
 */
final class ContentCutter {

    /** A piece of the content: where it starts in the object, and its bytes. */
    record Piece(long start, byte[] data) {}

    /** All of the content: its size and its SHA-256 in lower-case hex. */
    record Summary(long bytes, String sha256) {}

    private final int size;
    private final MessageDigest digest;
    private byte @Nullable [] filling;
    private int filled;
    private long bytes;

    ContentCutter(int size) {
        this.size = size;
        this.digest = sha256();
    }

    /** The pieces of {@code content}, in order; its buffers are released as they are copied. */
    Flux<Piece> cut(Flux<DataBuffer> content) {
        return content.concatMapIterable(this::take)
                .concatWith(Flux.defer(() -> Flux.fromIterable(rest())))
                // below the operators whose queues hold buffers when an error or a cancel drops them
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** Valid once the pieces have all been emitted. */
    Summary summary() {
        return new Summary(bytes, HexFormat.of().formatHex(digest.digest()));
    }

    private List<Piece> take(DataBuffer buffer) {
        try {
            List<Piece> full = new ArrayList<>(1);
            while (buffer.readableByteCount() > 0) {
                byte[] piece = filling == null ? new byte[size] : filling;
                filling = piece;
                int n = Math.min(buffer.readableByteCount(), size - filled);
                buffer.read(piece, filled, n);
                filled += n;
                if (filled == size) {
                    full.add(emit());
                }
            }
            return full;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private List<Piece> rest() {
        return filled == 0 ? List.of() : List.of(emit());
    }

    private Piece emit() {
        byte[] whole = Objects.requireNonNull(filling);
        byte[] data = filled == size ? whole : Arrays.copyOf(whole, filled);
        digest.update(data);
        Piece piece = new Piece(bytes, data);
        bytes += data.length;
        filling = null;
        filled = 0;
        return piece;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
