package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.JsonNode;
import io.synaps.api.protocol.Members;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SnsInput reads SNS request members: strings, attribute maps (Query's
 * {@code Attributes.entry.N.key/value}) and list page tokens. A page token is the base64url of the
 * last ARN of the previous page; it only positions a listing inside the caller's own account, so
 * it needs no signature. Stateless.
 */
final class SnsInput {
    private SnsInput() {
    }

    /** The member's text, null when absent. */
    static String string(Members in, String member) {
        return in.string(member);
    }

    /** The member's text; absent or empty is {@code Invalid parameter: X Reason: no value for required parameter}. */
    static String required(Members in, String member) {
        String v = in.string(member);
        if (v == null || v.isEmpty()) {
            throw SnsErrors.required(member);
        }
        return v;
    }

    /** A map of string attributes, in request order (empty when absent). */
    static Map<String, String> attributes(Members in, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node = in.node().get(member);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            return out;
        }
        if (!node.isObject()) {
            throw SnsErrors.invalidParameter("Invalid parameter: " + member);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                out.put(e.getKey(), "");
            } else if (v.isValueNode()) {
                out.put(e.getKey(), v.asText());
            } else {
                throw SnsErrors.invalidParameter("Invalid parameter: " + member + " Reason: the value of "
                        + e.getKey() + " must be a string");
            }
        }
        return out;
    }

    /** The boolean member (true/false, any case), {@code fallback} when absent. */
    static boolean bool(Members in, String member, boolean fallback) {
        String v = in.string(member);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw SnsErrors.invalidParameter("Invalid parameter: " + member);
    }

    /** The ARN a NextToken continues after, null for the first page. */
    static String after(Members in) {
        String token = in.string("NextToken");
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String arn = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (arn.startsWith("arn:")) {
                return arn;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw SnsErrors.invalidParameter("Invalid parameter: NextToken");
    }

    /** The NextToken of a page ending with {@code lastArn}. */
    static String token(String lastArn) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastArn.getBytes(StandardCharsets.UTF_8));
    }
}
