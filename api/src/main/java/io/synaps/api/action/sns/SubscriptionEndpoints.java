package io.synaps.api.action.sns;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * SubscriptionEndpoints checks a subscription's protocol, endpoint and attributes. Protocols:
 * {@code email} and {@code email-json} (an address), {@code http} / {@code https} (a URL of that
 * scheme), {@code sms} (an E.164 number, {@code +} and 2 to 15 digits) and the Synaps extension
 * {@code slack} (an https Slack incoming-webhook URL). SNS's other protocols (sqs, lambda,
 * firehose, application) are refused as not supported. Attributes: only
 * {@code RawMessageDelivery} (true/false, http and https only); SNS's others (filter, delivery,
 * redrive and replay policies, subscription role) are refused as not supported. Stateless.
 */
final class SubscriptionEndpoints {
    static final List<String> PROTOCOLS = List.of("email", "email-json", "http", "https", "sms", "slack");
    /** The protocols whose subscriptions wait for ConfirmSubscription (the others are confirmed at once). */
    static final Set<String> NEED_CONFIRMATION = Set.of("email", "email-json", "http", "https");
    static final Set<String> AWS_ONLY = Set.of("sqs", "lambda", "firehose", "application");
    static final Set<String> UNSUPPORTED_ATTRIBUTES = Set.of("FilterPolicy", "FilterPolicyScope", "DeliveryPolicy",
            "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");
    static final String RAW = "RawMessageDelivery";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final int EMAIL_MAX = 320;
    private static final int URL_MAX = 2048;

    private SubscriptionEndpoints() {
    }

    /** Checks the protocol. */
    static void checkProtocol(String protocol) {
        if (PROTOCOLS.contains(protocol)) {
            return;
        }
        if (AWS_ONLY.contains(protocol)) {
            throw SnsErrors.invalidParameter("Invalid parameter: Protocol Reason: " + protocol
                    + " subscriptions are not supported by this Synaps server; use one of " + PROTOCOLS);
        }
        throw SnsErrors.invalidParameter("Invalid parameter: Amazon SNS does not support this protocol string: "
                + protocol);
    }

    /** Checks the endpoint of a known protocol. */
    static void checkEndpoint(String protocol, String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            throw SnsErrors.required("Endpoint");
        }
        switch (protocol) {
            case "email", "email-json" -> {
                if (endpoint.length() > EMAIL_MAX || !EMAIL.matcher(endpoint).matches()) {
                    throw SnsErrors.invalidParameter("Invalid parameter: Email address");
                }
            }
            case "http", "https" -> {
                if (!endpoint.toLowerCase(Locale.ROOT).startsWith(protocol + "://")) {
                    throw SnsErrors.invalidParameter("Invalid parameter: Endpoint must match the specified protocol");
                }
                url(endpoint);
            }
            case "slack" -> {
                if (!endpoint.toLowerCase(Locale.ROOT).startsWith("https://")) {
                    throw SnsErrors.invalidParameter("Invalid parameter: Endpoint Reason: a slack endpoint must be "
                            + "an https URL (a Slack incoming-webhook URL)");
                }
                url(endpoint);
            }
            case "sms" -> {
                if (!E164.matcher(endpoint).matches()) {
                    throw SnsErrors.invalidParameter("Invalid SMS endpoint: " + endpoint);
                }
            }
            default -> throw new IllegalStateException(protocol);
        }
    }

    private static void url(String endpoint) {
        URI uri;
        try {
            uri = endpoint.length() > URL_MAX ? null : new URI(endpoint);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
            throw SnsErrors.invalidParameter("Invalid parameter: Endpoint Reason: " + endpoint + " is not a valid URL");
        }
    }

    /**
     * Checks Subscribe's Attributes and answers them normalized (RawMessageDelivery lower case),
     * sorted by name. {@code prefix}: {@code Invalid parameter: Attributes Reason: } for Subscribe,
     * {@code Invalid parameter: } for SetSubscriptionAttributes.
     */
    static Map<String, String> attributes(String protocol, Map<String, String> requested, String prefix) {
        Map<String, String> out = new TreeMap<>();
        requested.forEach((name, value) -> out.put(name, attribute(protocol, name, value, prefix)));
        return out;
    }

    /** Checks one subscription attribute and answers its stored form. */
    static String attribute(String protocol, String name, String value, String prefix) {
        if (UNSUPPORTED_ATTRIBUTES.contains(name)) {
            throw SnsErrors.invalidParameter(prefix + name + " is not supported by this Synaps server");
        }
        if (!name.equals(RAW)) {
            throw SnsErrors.invalidParameter(prefix + "AttributeName");
        }
        String v = value == null ? "" : value;
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw SnsErrors.invalidParameter(prefix + "RawMessageDelivery: Invalid value [" + v
                    + "]. Must be true or false.");
        }
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw SnsErrors.invalidParameter(prefix + "Delivery protocol [" + protocol
                    + "] does not support raw message delivery.");
        }
        return v.toLowerCase(Locale.ROOT);
    }
}
