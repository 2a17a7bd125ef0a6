package io.synaps.api.auth.session;

import java.util.Objects;
import java.util.Optional;

/**
 * LocalSignIn is the {@link SignIn} over the users file: Argon2id verification of the stored
 * hash, and one hash at the same cost for an unknown user, so response time does not reveal
 * which user names exist. Thread-safe.
 */
public final class LocalSignIn implements SignIn {
    /** The {@link Principal#source()} of users from the users file. */
    public static final String SOURCE = "local";

    private final FileUserStore users;

    public LocalSignIn(FileUserStore users) {
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public Optional<Principal> authenticate(String user, char[] password) {
        Argon2idHasher hasher = users.hasher();
        Optional<FileUserStore.StoredUser> stored = FileUserStore.validName(user) ? users.find(user) : Optional.empty();
        if (stored.isEmpty()) {
            hasher.burn(password);
            return Optional.empty();
        }
        FileUserStore.StoredUser u = stored.get();
        if (!hasher.verify(password, u.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new Principal(u.name(), u.accountId(), SOURCE));
    }

    /** A session stays valid while its user exists in the file for the same account. */
    @Override
    public boolean stillValid(Principal principal) {
        if (!SOURCE.equals(principal.source())) {
            return false;
        }
        return users.find(principal.user()).map(u -> u.accountId().equals(principal.accountId())).orElse(false);
    }
}
