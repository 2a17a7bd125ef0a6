package io.synaps.notify.nova;

import java.util.Objects;

/**
 * NovaRequest is the compute API call that carries out one action on one server: {@code method}
 * ({@code POST} or {@code DELETE}), {@code path} relative to the compute endpoint and the JSON
 * {@code body} (null for DELETE), shaped as the Nova API reference defines them. Immutable.
 */
record NovaRequest(String method, String path, String body) {

    NovaRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /**
     * The call for {@code verb} on server {@code serverId}: reboot is a SOFT reboot; stop is
     * os-stop; terminate deletes the server; recover is a HARD reboot (evacuate, AWS's real
     * equivalent, needs an admin and a compute host already marked down); migrate is a cold
     * migration, or with {@code live} os-migrateLive letting the scheduler pick the host
     * ({@code block_migration: "auto"} from microversion 2.25, {@code false} plus
     * {@code disk_over_commit} before it).
     */
    static NovaRequest of(NovaAction.Verb verb, String serverId, boolean live, int microversionMinor) {
        String action = "/servers/" + serverId + "/action";
        return switch (verb) {
            case REBOOT -> new NovaRequest("POST", action, "{\"reboot\":{\"type\":\"SOFT\"}}");
            case STOP -> new NovaRequest("POST", action, "{\"os-stop\":null}");
            case TERMINATE -> new NovaRequest("DELETE", "/servers/" + serverId, null);
            case RECOVER -> new NovaRequest("POST", action, "{\"reboot\":{\"type\":\"HARD\"}}");
            case MIGRATE -> !live ? new NovaRequest("POST", action, "{\"migrate\":null}")
                    : microversionMinor >= 25
                    ? new NovaRequest("POST", action,
                    "{\"os-migrateLive\":{\"host\":null,\"block_migration\":\"auto\"}}")
                    : new NovaRequest("POST", action,
                    "{\"os-migrateLive\":{\"host\":null,\"block_migration\":false,\"disk_over_commit\":false}}");
        };
    }

    /** {@code METHOD path body} as history and dry runs show it. */
    String describe() {
        return method + " " + path + (body == null ? "" : " " + body);
    }
}
