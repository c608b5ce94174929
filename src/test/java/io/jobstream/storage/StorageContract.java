package io.jobstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What every {@link Storage} backend promises, run against each real backend by a subclass:
 * bytes come back as they went in whatever buffer sizes they arrived in, with the right size
 * and SHA-256; ranges are cut right at the backend's piece boundaries and past the end; a put
 * that fails leaves the old object; missing objects are a typed error.
 */
abstract class StorageContract {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A size the backends cut at: PostgreSQL's chunk (S3 cuts parts at multiples of it too). */
    static final int CHUNK = PostgresStorage.CHUNK_SIZE;

    /** The backend under test. */
    abstract Storage storage();

    private final List<ByteBuf> sent = new ArrayList<>();
    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    @Test
    void severalMegabytesStreamedInSmallBuffersComeBackWithTheirSizeAndSha256() {
        byte[] data = randomBytes(S3Storage.PART_SIZE + 3 * CHUNK + 123);
        String key = key();

        StepVerifier.create(storage().put(key, inBuffersOf(data, 8 * 1024), "application/octet-stream"))
                .assertNext(stored -> {
                    assertThat(stored.key()).isEqualTo(key);
                    assertThat(stored.bytes()).isEqualTo(data.length);
                    assertThat(stored.sha256()).isEqualTo(sha256(data));
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(read(storage().get(key))).isEqualTo(data);
        assertThat(sent).as("buffers of the content, released").allMatch(buffer -> buffer.refCnt() == 0);
    }

    @Test
    void anEmptyObjectIsKeptAndReadAsNoBytes() {
        String key = key();

        StepVerifier.create(storage().put(key, Flux.empty(), "text/plain"))
                .assertNext(stored -> {
                    assertThat(stored.bytes()).isZero();
                    assertThat(stored.sha256()).isEqualTo(sha256(new byte[0]));
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(read(storage().get(key))).isEmpty();
        assertThat(read(storage().get(key, 0, 10))).isEmpty();
    }

    @Test
    void rangesAreCutRightAtChunkBoundariesAndPastTheEnd() {
        byte[] data = randomBytes(3 * CHUNK + 1000);
        String key = key();
        put(key, data);

        assertRange(key, data, 0, 10);
        assertRange(key, data, CHUNK - 1, 2);
        assertRange(key, data, CHUNK, CHUNK);
        assertRange(key, data, CHUNK - 5, CHUNK + 10);
        assertRange(key, data, 2 * CHUNK, 3 * CHUNK);
        assertRange(key, data, 0, data.length);
        assertThat(read(storage().get(key, data.length - 3, 100)))
                .as("a range over the end stops at the end")
                .isEqualTo(Arrays.copyOfRange(data, data.length - 3, data.length));
        assertThat(read(storage().get(key, 7, Long.MAX_VALUE))).isEqualTo(Arrays.copyOfRange(data, 7, data.length));
        assertThat(read(storage().get(key, data.length, 10))).isEmpty();
        assertThat(read(storage().get(key, data.length + 100, 10))).isEmpty();
        assertThat(read(storage().get(key, 5, 0))).isEmpty();
    }

    @Test
    void aPutReplacesWhatWasThere() {
        String key = key();
        put(key, randomBytes(2 * CHUNK + 7));
        byte[] second = randomBytes(CHUNK / 2);

        StepVerifier.create(storage().put(key, inBuffersOf(second, 1000), "text/plain"))
                .assertNext(stored -> assertThat(stored.bytes()).isEqualTo(second.length))
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(read(storage().get(key))).isEqualTo(second);
    }

    @Test
    void deletingTwiceIsNoErrorAndTheObjectIsGone() {
        String key = key();
        put(key, randomBytes(100));

        StepVerifier.create(storage().delete(key)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(storage().delete(key)).expectComplete().verify(TIMEOUT);

        StepVerifier.create(storage().get(key))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void aMissingKeyIsStoredObjectNotFound() {
        String key = key();

        StepVerifier.create(storage().get(key))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(storage().get(key, 10, 10))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(storage().get(key, 0, 0))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void aFailingContentStreamKeepsTheOldObjectAndPassesItsErrorOn() {
        String key = key();
        byte[] old = randomBytes(CHUNK + 10);
        put(key, old);
        // past one S3 part, so that the multipart upload has begun when the content fails
        var failing = inBuffersOf(randomBytes(S3Storage.PART_SIZE + CHUNK), 64 * 1024)
                .concatWith(Flux.error(new IllegalStateException("the client went away")));

        StepVerifier.create(storage().put(key, failing, "application/octet-stream"))
                .expectErrorMessage("the client went away")
                .verify(TIMEOUT);

        assertThat(read(storage().get(key))).isEqualTo(old);
        assertThat(sent).as("buffers of the content, released").allMatch(buffer -> buffer.refCnt() == 0);
    }

    @Test
    void aFailingContentStreamKeepsNothingUnderANewKey() {
        String key = key();
        var failing = inBuffersOf(randomBytes(3 * CHUNK), 64 * 1024)
                .concatWith(Flux.error(new IllegalStateException("too large")));

        StepVerifier.create(storage().put(key, failing, "application/octet-stream"))
                .expectErrorMessage("too large")
                .verify(TIMEOUT);

        StepVerifier.create(storage().get(key))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void deletingAPrefixDeletesEveryObjectUnderItAndNothingElse() {
        String prefix = "jobs/" + UUID.randomUUID() + "/";
        String beside = prefix.substring(0, prefix.length() - 1) + "x/kept";
        // a LIKE wildcard in a key is only a character
        String wildcard = prefix.replace("/", "") + "_/kept";
        put(prefix + "artifacts/a.txt", randomBytes(10));
        put(prefix + "documents/0.txt", randomBytes(CHUNK + 1));
        put(beside, randomBytes(10));
        put(wildcard, randomBytes(10));

        StepVerifier.create(storage().deleteAll(prefix)).expectComplete().verify(TIMEOUT);

        for (String gone : List.of(prefix + "artifacts/a.txt", prefix + "documents/0.txt")) {
            StepVerifier.create(storage().get(gone))
                    .expectError(StoredObjectNotFoundException.class)
                    .verify(TIMEOUT);
        }
        assertThat(read(storage().get(beside))).hasSize(10);
        assertThat(read(storage().get(wildcard))).hasSize(10);
    }

    private void assertRange(String key, byte[] data, int offset, int length) {
        assertThat(read(storage().get(key, offset, length)))
                .as("bytes %d..%d", offset, offset + length)
                .isEqualTo(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + length)));
    }

    void put(String key, byte[] data) {
        StepVerifier.create(storage().put(key, inBuffersOf(data, 16 * 1024), "application/octet-stream"))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
    }

    /** {@code data} as Netty buffers of {@code size} bytes, each remembered to check its release. */
    Flux<DataBuffer> inBuffersOf(byte[] data, int size) {
        return Flux.range(0, (data.length + size - 1) / size).map(i -> {
            NettyDataBuffer buffer = buffers.allocateBuffer(size);
            buffer.write(data, i * size, Math.min(size, data.length - i * size));
            sent.add(buffer.getNativeBuffer());
            return buffer;
        });
    }

    static byte[] read(Flux<DataBuffer> content) {
        return DataBufferUtils.join(content)
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .block(TIMEOUT);
    }

    static String key() {
        return "contract/" + UUID.randomUUID();
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
