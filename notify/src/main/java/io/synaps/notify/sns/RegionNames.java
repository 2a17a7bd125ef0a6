package io.synaps.notify.sns;

import java.util.Map;

/**
 * RegionNames maps AWS region codes to the long names CloudWatch writes into alarm
 * notifications ({@code us-east-1} -> {@code US East (N. Virginia)}); a region it does not know
 * (a private cloud's own region) keeps its code. Stateless and thread-safe.
 */
public final class RegionNames {
    // The names alarm messages carry: the older "EU (...)" spelling, not the console's "Europe (...)".
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("us-east-1", "US East (N. Virginia)"),
            Map.entry("us-east-2", "US East (Ohio)"),
            Map.entry("us-west-1", "US West (N. California)"),
            Map.entry("us-west-2", "US West (Oregon)"),
            Map.entry("af-south-1", "Africa (Cape Town)"),
            Map.entry("ap-east-1", "Asia Pacific (Hong Kong)"),
            Map.entry("ap-east-2", "Asia Pacific (Taipei)"),
            Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
            Map.entry("ap-south-2", "Asia Pacific (Hyderabad)"),
            Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
            Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"),
            Map.entry("ap-southeast-3", "Asia Pacific (Jakarta)"),
            Map.entry("ap-southeast-4", "Asia Pacific (Melbourne)"),
            Map.entry("ap-southeast-5", "Asia Pacific (Malaysia)"),
            Map.entry("ap-southeast-6", "Asia Pacific (New Zealand)"),
            Map.entry("ap-southeast-7", "Asia Pacific (Thailand)"),
            Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"),
            Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
            Map.entry("ap-northeast-3", "Asia Pacific (Osaka)"),
            Map.entry("ca-central-1", "Canada (Central)"),
            Map.entry("ca-west-1", "Canada West (Calgary)"),
            Map.entry("eu-central-1", "EU (Frankfurt)"),
            Map.entry("eu-central-2", "EU (Zurich)"),
            Map.entry("eu-west-1", "EU (Ireland)"),
            Map.entry("eu-west-2", "EU (London)"),
            Map.entry("eu-west-3", "EU (Paris)"),
            Map.entry("eu-north-1", "EU (Stockholm)"),
            Map.entry("eu-south-1", "EU (Milan)"),
            Map.entry("eu-south-2", "EU (Spain)"),
            Map.entry("il-central-1", "Israel (Tel Aviv)"),
            Map.entry("me-south-1", "Middle East (Bahrain)"),
            Map.entry("me-central-1", "Middle East (UAE)"),
            Map.entry("mx-central-1", "Mexico (Central)"),
            Map.entry("sa-east-1", "South America (Sao Paulo)"),
            Map.entry("cn-north-1", "China (Beijing)"),
            Map.entry("cn-northwest-1", "China (Ningxia)"),
            Map.entry("us-gov-east-1", "AWS GovCloud (US-East)"),
            Map.entry("us-gov-west-1", "AWS GovCloud (US-West)"));

    private RegionNames() {
    }

    /** The long name of an AWS region, or {@code code} itself when it is not an AWS region. */
    public static String longName(String code) {
        return NAMES.getOrDefault(code, code);
    }
}
