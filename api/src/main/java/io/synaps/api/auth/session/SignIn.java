package io.synaps.api.auth.session;

import java.util.Optional;

/**
 * SignIn checks a dashboard user's name and password: the pluggable port behind
 * {@code POST /ui/api/session} (the users file today; Keystone or LDAP later). Implementations
 * are thread-safe and may be slow (password hashing): callers run them off the network threads.
 */
public interface SignIn {
    /**
     * The principal when {@code password} is right for {@code user}, else empty. Must cost about the
     * same whether or not the user exists, so timing tells nothing about user names. Never logs or
     * keeps the password; the caller clears the array afterwards.
     */
    Optional<Principal> authenticate(String user, char[] password);

    /**
     * Whether a principal signed in earlier may still act (the user was not deleted or moved to
     * another account since). Cheap; called on every session request. Default: always.
     */
    default boolean stillValid(Principal principal) {
        return true;
    }
}
