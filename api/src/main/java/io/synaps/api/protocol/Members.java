package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Members is a read-only view of a request's input structure, whichever protocol carried it.
 *
 * <p>The tree is a Jackson {@link JsonNode}: objects for structures, arrays for lists (Query's
 * {@code X.member.N} become arrays, {@code X.entry.N.key/value} become objects). Scalars are text
 * in Query and typed in JSON/CBOR, so read them only through the coercing accessors here:
 * timestamps accept epoch seconds (number or numeric text) and ISO-8601 text.
 *
 * <p>{@code path} is the member's Query-style path (e.g. {@code MetricData.member.1}) used in AWS
 * error messages in every protocol.
 */
public final class Members {
    private final JsonNode node;
    private final String path;

    public Members(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    public static Members root(JsonNode node) {
        return new Members(node, "");
    }

    public JsonNode node() {
        return node;
    }

    /** Query-style path of this structure ("" at the root). */
    public String path() {
        return path;
    }

    /** Query-style path of a member of this structure, e.g. {@code MetricData.member.1.Value}. */
    public String pathOf(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    public boolean has(String member) {
        JsonNode n = node.get(member);
        return n != null && !n.isNull() && !n.isMissingNode();
    }
}
