package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.time.Instant;

/**
 * Output holds the node types that handlers put into output trees for values JSON cannot type by
 * itself. A timestamp is a {@link POJONode} wrapping an {@link Instant}: Query renders it as
 * ISO-8601 text, JSON as epoch seconds, CBOR as tag 1 with a float64. A map (a model {@code map}
 * shape, e.g. Datapoint's ExtendedStatistics) is a {@link MapNode}: JSON and CBOR render it as
 * an object like any other, Query as {@code <entry><key>k</key><value>v</value></entry>} items.
 * Stateless; thread-safe.
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

    /** A new, empty map node (keys are map keys, not structure member names). */
    public static MapNode map() {
        return new MapNode();
    }

    /** True when the node is a map (render Query entries), false for structures and everything else. */
    public static boolean isMap(JsonNode node) {
        return node instanceof MapNode;
    }

    /**
     * MapNode is an {@link ObjectNode} that stands for a model map rather than a structure. Not
     * thread-safe while being filled. {@code deepCopy()} returns a plain ObjectNode (the marker
     * is lost), so do not copy output trees before rendering.
     */
    public static final class MapNode extends ObjectNode {
        private static final long serialVersionUID = 1L;

        MapNode() {
            super(JsonNodeFactory.instance);
        }
    }
}
