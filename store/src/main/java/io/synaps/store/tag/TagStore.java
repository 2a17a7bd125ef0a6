package io.synaps.store.tag;

import java.util.Collection;
import java.util.Map;

/**
 * TagStore keeps resource tags (alarms, dashboards) per account, keyed by the resource ARN.
 * Thread-safe; writes are durable when the call returns. Limits (50 tags, key and value
 * lengths) are the API's to enforce.
 */
public interface TagStore {

    /** The resource's tags sorted by key; empty when it has none (or does not exist). */
    Map<String, String> get(String accountId, String arn);

    /** Adds the tags, overwriting the values of keys the resource already has. */
    void put(String accountId, String arn, Map<String, String> tags);

    /** Removes the given keys; keys the resource does not have are ignored. */
    void remove(String accountId, String arn, Collection<String> keys);

    /** Removes every tag of the resource (it was deleted). */
    void deleteAll(String accountId, String arn);
}
