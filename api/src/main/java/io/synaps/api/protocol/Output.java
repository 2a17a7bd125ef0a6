package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.time.Instant;

/**
 * Output holds the node types that handlers put into output trees for values JSON cannot type by
 * itself. A timestamp is a {@link POJONode} wrapping an {@link Instant}: Query renders it as
 * ISO-8601 text, JSON as epoch seconds, CBOR as tag 1 with a float64.
 */
public final class Output {
    private Output() {
    }

    public static POJONode timestamp(Instant instant) {
        return new POJONode(instant);
    }

    /** The instant of a timestamp node, or null when the node is not one. */
    public static Instant instantOf(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            return instant;
        }
        return null;
    }
}
