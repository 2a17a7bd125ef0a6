package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DecodedRequest is a request after protocol decoding: the operation name, the input structure as
 * a Jackson tree (pass it to actions as {@code Members.root(input)}), and the API version a Query
 * request named ({@code Version}; null when absent and for JSON and CBOR, which name CloudWatch
 * by their target). Immutable by convention.
 */
public record DecodedRequest(String operation, JsonNode input, String version) {

    /** A request that names no version. */
    public DecodedRequest(String operation, JsonNode input) {
        this(operation, input, null);
    }
}
