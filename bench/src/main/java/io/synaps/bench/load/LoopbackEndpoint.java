package io.synaps.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * LoopbackEndpoint is the base URI of a Synaps server on this machine. The load generator refuses
 * any other target: it is a tool for measuring our own node, not for loading someone else's.
 * Immutable.
 */
public record LoopbackEndpoint(URI base) {

    /**
     * Parses {@code http://host:port} and checks that every address {@code host} resolves to is a
     * loopback address (127.0.0.0/8 or ::1).
     *
     * @throws IllegalArgumentException for another scheme, a path, or a host that is not loopback
     */
    public static LoopbackEndpoint parse(String endpoint) {
        URI uri = URI.create(endpoint);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// endpoints are supported: " + endpoint);
        }
        String host = uri.getHost();
        if (host == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("endpoint needs a host and a port, e.g. http://127.0.0.1:8780: " + endpoint);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())) {
            throw new IllegalArgumentException("endpoint must not have a path: " + endpoint);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
        for (InetAddress a : addresses) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load " + host + " (" + a.getHostAddress()
                        + "): the load generator only targets loopback addresses on this machine");
            }
        }
        return new LoopbackEndpoint(URI.create("http://" + uri.getRawAuthority()));
    }

    /** The URI of {@code path} (starting with /) on this endpoint. */
    public URI resolve(String path) {
        return URI.create(base + path);
    }
}
