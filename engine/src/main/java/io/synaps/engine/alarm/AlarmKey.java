package io.synaps.engine.alarm;

import java.util.Objects;

/** AlarmKey names an alarm: its account and its name (unique per account). Immutable. */
record AlarmKey(String accountId, String name) {
    AlarmKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
    }
}
