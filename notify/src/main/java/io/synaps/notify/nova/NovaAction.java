package io.synaps.notify.nova;

import java.util.Locale;
import java.util.Objects;

/**
 * NovaAction is a parsed alarm action ARN that Synaps runs against OpenStack Nova: the EC2
 * automate actions {@code arn:<partition>:automate:<region>:ec2:reboot|stop|terminate|recover}
 * (any non-empty AWS partition, as the API accepts them; {@code accountId} is then null) and the
 * Synaps extension {@code arn:synaps:nova:<region>:<account>:migrate}. Depends on nothing but
 * java.base so the API can validate alarm actions with it. Immutable and thread-safe.
 */
public record NovaAction(Verb verb, String arn, String region, String accountId) {

    /** Verb is what the action does to the instance; {@link #wireName()} is its ARN and payload spelling. */
    public enum Verb {
        REBOOT, STOP, TERMINATE, RECOVER, MIGRATE;

        /** The lower-case name used in ARNs and in the payload's {@code action} member. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The verb of that wire name, or null when it names none. */
        public static Verb parse(String wireName) {
            for (Verb v : values()) {
                if (v.wireName().equals(wireName)) {
                    return v;
                }
            }
            return null;
        }
    }

    public NovaAction {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(region, "region");
    }

    /** The action named by {@code arn}, or null when {@code arn} is not a Nova action ARN. */
    public static NovaAction parse(String arn) {
        if (arn == null) {
            return null;
        }
        // Exactly six fields: the resource of these ARNs never contains ':'.
        String[] p = arn.split(":", -1);
        if (p.length != 6 || !p[0].equals("arn") || p[1].isEmpty() || p[3].isEmpty() || !clean(p[3])) {
            return null;
        }
        if (p[1].equals("synaps")) {
            if (!p[2].equals("nova") || p[4].isEmpty() || !clean(p[4]) || !p[5].equals("migrate")) {
                return null;
            }
            return new NovaAction(Verb.MIGRATE, arn, p[3], p[4]);
        }
        if (!p[2].equals("automate") || !p[4].equals("ec2")) {
            return null;
        }
        Verb verb = Verb.parse(p[5]);
        if (verb == null || verb == Verb.MIGRATE) {
            return null;
        }
        return new NovaAction(verb, arn, p[3], null);
    }

    /** Whether {@code arn} is a Nova action ARN ({@link #parse} would return one). */
    public static boolean isNovaAction(String arn) {
        return parse(arn) != null;
    }

    private static boolean clean(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
