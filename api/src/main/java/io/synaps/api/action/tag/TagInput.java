package io.synaps.api.action.tag;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TagInput reads a TagList member ({@code [{Key, Value}]}) with CloudWatch's limits: at most 50
 * tags per resource, keys 1..128 characters, values 0..256, no key twice in one request, and
 * no key in the {@code aws:} namespace AWS reserves for itself. Stateless; thread-safe.
 */
public final class TagInput {
    /** Most tags one resource may carry. */
    public static final int TAGS_MAX = 50;
    static final int KEY_MAX = 128;
    static final int VALUE_MAX = 256;

    private TagInput() {
    }

    /**
     * The tags in request order (empty when absent, or MissingParameter when {@code required}).
     *
     * @throws AwsError ValidationError for lengths, InvalidParameterValue for more than 50 tags,
     *                  a repeated key or a reserved {@code aws:} key
     */
    public static Map<String, String> tags(Members in, String member, boolean required) {
        List<Members> items = in.list(member);
        if (items.isEmpty()) {
            if (required) {
                throw Members.required(in.pathOf(member));
            }
            return Map.of();
        }
        if (items.size() > TAGS_MAX) {
            throw AwsError.invalidParameterValue("The collection " + in.pathOf(member)
                    + " must not have a size greater than " + TAGS_MAX + ".");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Members item : items) {
            String key = key(item.requiredString("Key"), item.pathOf("Key"));
            String value = item.string("Value");
            if (value == null) {
                throw Members.required(item.pathOf("Value"));
            }
            if (value.length() > VALUE_MAX) {
                throw Members.constraint(value, item.pathOf("Value"),
                        "Member must have length less than or equal to " + VALUE_MAX);
            }
            if (out.putIfAbsent(key, value) != null) {
                throw AwsError.invalidParameterValue("The tag key " + key + " appears more than once in "
                        + in.pathOf(member) + ".");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A tag key: 1..128 characters, not in the reserved {@code aws:} namespace. */
    static String key(String key, String path) {
        if (key.length() > KEY_MAX) {
            throw Members.constraint(key, path, "Member must have length less than or equal to " + KEY_MAX);
        }
        if (key.regionMatches(true, 0, "aws:", 0, 4)) {
            throw AwsError.invalidParameterValue("The tag key " + key + " (" + path
                    + ") is invalid: the aws: prefix is reserved for AWS use.");
        }
        return key;
    }
}
