package io.synaps.api.protocol;

/**
 * ApiService is one AWS API served on the Synaps endpoint: CloudWatch (2010-08-01, signing name
 * {@code monitoring}, Query, JSON 1.0 and RPC v2 CBOR) or the SNS-compatible topics API
 * (2010-03-31, signing name {@code sns}, Query only, as in every current SDK). A request names its
 * service by the credential scope of its SigV4 signature and, in Query, by {@code Version}.
 * Immutable; thread-safe.
 */
public enum ApiService {
    /** Amazon CloudWatch, API version 2010-08-01. */
    CLOUDWATCH("monitoring", "2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/"),
    /** Amazon SNS, API version 2010-03-31 (topics, subscriptions, publish). */
    SNS("sns", "2010-03-31", "http://sns.amazonaws.com/doc/2010-03-31/");

    private final String signingName;
    private final String version;
    private final String xmlNamespace;

    ApiService(String signingName, String version, String xmlNamespace) {
        this.signingName = signingName;
        this.version = version;
        this.xmlNamespace = xmlNamespace;
    }

    /** The SigV4 credential scope service, e.g. {@code monitoring}. */
    public String signingName() {
        return signingName;
    }

    /** The API version Query requests name in {@code Version}. */
    public String version() {
        return version;
    }

    /** The namespace of the service's Query XML responses and errors. */
    public String xmlNamespace() {
        return xmlNamespace;
    }

    /** The service whose signing name this is, or null. */
    public static ApiService bySigningName(String name) {
        for (ApiService s : values()) {
            if (s.signingName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The service of a Query {@code Version}, or null for an unknown one. */
    public static ApiService byVersion(String version) {
        for (ApiService s : values()) {
            if (s.version.equals(version)) {
                return s;
            }
        }
        return null;
    }
}
