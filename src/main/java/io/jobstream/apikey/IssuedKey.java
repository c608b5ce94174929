package io.jobstream.apikey;

/**
 * A key just created, with the key itself: the one time it is shown. {@link #toString} hides it,
 * so a log line of the value (Spring's codecs log what they encode at DEBUG) shows none.
 */
public record IssuedKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[" + key + ", secret=…]";
    }
}
