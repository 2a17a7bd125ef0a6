package io.synaps.store.topic;

import java.util.Map;
import java.util.Objects;

/**
 * Topic is an SNS-compatible topic of an account: {@code arn} is
 * {@code arn:aws:sns:<region>:<account>:<name>}; {@code attributes} are the settable SNS
 * attributes (DisplayName, Policy, DeliveryPolicy, ...) by name; {@code createdMillis} epoch ms.
 * Immutable.
 */
public record Topic(String accountId, String name, String arn, Map<String, String> attributes, long createdMillis) {
    public Topic {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        attributes = Map.copyOf(attributes);
    }
}
