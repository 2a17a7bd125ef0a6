package io.synaps.api.auth.session;

import java.util.Objects;

/**
 * Principal is who signed in to the dashboard: the user name, the 12-digit account (tenant) the
 * user acts for, and the sign-in source that vouched for it ({@code local} for the users file;
 * {@code keystone} or {@code ldap} later). Immutable.
 */
public record Principal(String user, String accountId, String source) {
    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(source, "source");
    }
}
