package io.synaps.api.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Inputs builds handler inputs the way the protocols deliver them: a Query form becomes a tree of
 * text nodes with {@code X.member.N} folded into arrays; JSON stays typed.
 */
public final class Inputs {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    public static final String ACCOUNT = "123456789012";

    private Inputs() {
    }

    public static RequestContext context() {
        return context(NOW);
    }

    public static RequestContext context(Instant now) {
        return new RequestContext("req-1", ACCOUNT, "AKIDEXAMPLE", "us-east-1", Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A Query request: alternating names and values, e.g. {@code "MetricData.member.1.Value", "1"}. */
    public static Members query(String... pairs) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            put(root, pairs[i].split("\\."), 0, pairs[i + 1]);
        }
        return Members.root(root);
    }

    private static void put(JsonNode parent, String[] parts, int at, String value) {
        String name = parts[at];
        boolean last = at == parts.length - 1;
        ObjectNode obj = (ObjectNode) parent;
        if (last) {
            obj.set(name, TextNode.valueOf(value));
            return;
        }
        if (parts[at + 1].equals("member")) {
            ArrayNode arr = obj.has(name) ? (ArrayNode) obj.get(name) : obj.putArray(name);
            int index = Integer.parseInt(parts[at + 2]) - 1;
            while (arr.size() <= index) {
                arr.addObject();
            }
            if (at + 2 == parts.length - 1) {
                arr.set(index, TextNode.valueOf(value));
            } else {
                put(arr.get(index), parts, at + 3, value);
            }
            return;
        }
        ObjectNode child = obj.has(name) ? (ObjectNode) obj.get(name) : obj.putObject(name);
        put(child, parts, at + 1, value);
    }

    /** A JSON (or CBOR, which decodes to the same typed tree) request body; single quotes allowed. */
    public static Members json(String body) {
        try {
            return Members.root(JSON.readTree(body.replace('\'', '"')));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The AwsError a handler answered with (thrown or as a failed future). */
    public static AwsError error(Action action, Members input) {
        return error(action, context(), input);
    }

    public static AwsError error(Action action, RequestContext context, Members input) {
        CompletableFuture<ObjectNode> f;
        try {
            f = action.handle(context, input);
        } catch (AwsError e) {
            return e;
        }
        try {
            ObjectNode out = f.join();
            return fail("expected an AwsError, got " + out);
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(AwsError.class);
            return (AwsError) e.getCause();
        }
    }

    /** The handler's output; fails the test on an error. */
    public static ObjectNode output(Action action, RequestContext context, Members input) {
        try {
            return action.handle(context, input).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AwsError a) {
                return fail(a.code() + ": " + a.getMessage());
            }
            throw e;
        }
    }
}
