package io.synaps.notify.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * NovaErrors reads the message out of an OpenStack error body: Nova's
 * {@code {"itemNotFound": {"message": "...", "code": 404}}} (any fault name), Keystone's
 * {@code {"error": {"message": "...", "title": "..."}}}, or plain text (HTML tags dropped).
 * Stateless and thread-safe.
 */
final class NovaErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NovaErrors() {
    }

    /** {@code "<fault>: <message>"} for a Nova fault body, the message of other JSON errors, else the text. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                if (n.path("message").isTextual()) {
                    return n.get("message").asText();
                }
                Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                if (fields.hasNext()) {
                    Map.Entry<String, JsonNode> first = fields.next();
                    JsonNode m = first.getValue().path("message");
                    if (m.isTextual()) {
                        return first.getKey().equals("error") ? m.asText() : first.getKey() + ": " + m.asText();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to text
        }
        return body.replaceAll("<[^>]*>", " ");
    }
}
