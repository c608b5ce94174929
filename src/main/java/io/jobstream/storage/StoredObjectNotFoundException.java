package io.jobstream.storage;

/** There is no object under the key: it was never stored, or it was deleted. */
public class StoredObjectNotFoundException extends RuntimeException {

    public StoredObjectNotFoundException(String key) {
        super("no stored object " + key);
    }
}
