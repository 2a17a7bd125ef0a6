package io.synaps.api.auth;

/**
 * Credential is an access key: its id, its secret (never logged, never in an error) and the
 * 12-digit account (tenant) it acts for.
 */
public record Credential(String accessKeyId, String secretAccessKey, String accountId) {
    @Override
    public String toString() {
        return "Credential[" + accessKeyId + ", account " + accountId + "]";
    }
}
