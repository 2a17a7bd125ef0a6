package io.synaps.api.action.sns;

import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnsTags reads SNS tag lists ({@code Tags.member.N.Key/Value}): keys 1 to 128 characters, values
 * 0 to 256 (coral's ValidationError otherwise), no key twice ({@code Invalid parameter: Duplicated
 * keys are not allowed.}), no {@code aws:} keys, at most 50 per topic (TagLimitExceeded).
 * Stateless.
 */
final class SnsTags {
    static final int MAX_TAGS = 50;
    static final int KEY_MAX = 128;
    static final int VALUE_MAX = 256;
    static final String LIMIT_MESSAGE = "Could not complete request: tag quota of per resource exceeded";

    private SnsTags() {
    }

    /** The tags of list member {@code member} in request order (empty when absent). */
    static Map<String, String> read(Members in, String member) {
        List<Members> items = in.list(member);
        Map<String, String> out = new LinkedHashMap<>();
        String path = Character.toLowerCase(member.charAt(0)) + member.substring(1);
        for (int i = 0; i < items.size(); i++) {
            Members item = items.get(i);
            String key = item.string("Key");
            String value = item.string("Value");
            String at = path + "." + (i + 1) + ".member.";
            if (key == null) {
                throw nullValue(at + "key");
            }
            if (value == null) {
                throw nullValue(at + "value");
            }
            if (key.isEmpty() || key.length() > KEY_MAX) {
                throw AwsError.validation("1 validation error detected: Value '" + key + "' at '" + at
                        + "key' failed to satisfy constraint: Member must have length "
                        + (key.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + KEY_MAX));
            }
            if (value.length() > VALUE_MAX) {
                throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + at
                        + "value' failed to satisfy constraint: Member must have length less than or equal to "
                        + VALUE_MAX);
            }
            if (key.startsWith("aws:")) {
                throw SnsErrors.invalidParameter("Invalid parameter: Tags Reason: the tag key " + key
                        + " is invalid: the aws: prefix is reserved for AWS use");
            }
            if (out.put(key, value) != null) {
                throw SnsErrors.invalidParameter("Invalid parameter: Duplicated keys are not allowed.");
            }
        }
        if (out.size() > MAX_TAGS) {
            throw SnsErrors.tagLimitExceeded(LIMIT_MESSAGE);
        }
        return out;
    }

    private static AwsError nullValue(String at) {
        return AwsError.validation("1 validation error detected: Value null at '" + at
                + "' failed to satisfy constraint: Member must not be null");
    }
}
