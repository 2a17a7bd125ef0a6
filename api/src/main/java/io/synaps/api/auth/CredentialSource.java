package io.synaps.api.auth;

import java.util.Optional;

/** CredentialSource looks up access keys. Thread-safe; lookups are on the request path and must be cheap. */
public interface CredentialSource {
    Optional<Credential> find(String accessKeyId);
}
