package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DecodedRequest is a request after protocol decoding: the operation name and the input
 * structure as a Jackson tree (pass it to actions as {@code Members.root(input)}). Immutable by
 * convention.
 */
public record DecodedRequest(String operation, JsonNode input) {
}
