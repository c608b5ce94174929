package io.jobstream.system;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/** Reading Spring's {@link DataBuffer}s where a caller needs the bytes themselves. */
public final class Buffers {

    private Buffers() {}

    /** The readable bytes of {@code buffer}, which is released, read or not. */
    public static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
