package io.synaps.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.synaps.api.action.Action;
import io.synaps.api.action.ActionRegistry;
import io.synaps.api.action.RawBodyAction;
import io.synaps.api.action.RequestContext;
import io.synaps.api.auth.Credential;
import io.synaps.api.auth.SigV4Verifier;
import io.synaps.api.protocol.DecodedRequest;
import io.synaps.api.protocol.ErrorStatus;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.ProtocolCodec;
import io.synaps.api.protocol.WireProtocol;
import io.synaps.api.protocol.WireRequest;
import io.synaps.api.protocol.WireResponse;
import io.synaps.model.AwsError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * CloudWatchEndpoint runs one CloudWatch request end to end, independent of the network layer:
 * detect the protocol, verify SigV4 over the wire bytes, decompress, decode, look up and run the
 * action, and encode its output or error in the request's protocol with {@code x-amzn-RequestId}
 * and {@code Date}. It records the timer {@code synaps.api.requests} (tags action, protocol,
 * outcome = success | client_error | server_error). Thread-safe; call it from worker threads.
 */
public final class CloudWatchEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchEndpoint.class);
    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    static final String INTERNAL_MESSAGE =
            "The request processing has failed because of an unknown error, exception or failure.";

    private final ApiConfig config;
    private final SigV4Verifier verifier;
    private final ActionRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;

    public CloudWatchEndpoint(ApiConfig config, SigV4Verifier verifier, ActionRegistry registry,
                              MeterRegistry meters, Clock clock) {
        this.config = config;
        this.verifier = verifier;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
    }

    /** Handles a request whose body is as received on the wire. Never completes exceptionally. */
    public CompletableFuture<WireResponse> handle(WireRequest wire, String requestId) {
        long start = System.nanoTime();
        WireProtocol protocol = WireProtocol.detect(wire.rawPath(), wire.headers());
        ProtocolCodec codec = protocol.codec();
        String hint = codec.operationHint(wire);
        Credential caller;
        byte[] body;
        try {
            caller = verifier.verify(wire.method(), wire.rawPath(), wire.rawQuery(), wire.headers(), wire.body());
            body = RequestBodies.decode(wire.headers(), wire.body(), config.maxDecodedBodyBytes());
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(fail(codec, wire, hint, requestId, t, true, start));
        }
        RawBodyAction raw = rawAction(protocol, hint);
        if (raw != null) {
            RequestContext context = new RequestContext(requestId, caller.accountId(), caller.accessKeyId(),
                    config.region(), clock);
            CompletableFuture<ObjectNode> result;
            try {
                result = raw.handleRaw(context, protocol, body);
            } catch (Throwable t) {
                result = CompletableFuture.failedFuture(t);
            }
            if (result != null) {
                return respond(result, codec, wire, protocol, hint, requestId, start);
            }
        }
        DecodedRequest decoded;
        Action action;
        try {
            decoded = codec.decode(wire.withBody(body));
            action = registry.lookup(decoded.operation());
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(fail(codec, wire, hint, requestId, t, false, start));
        }
        String operation = decoded.operation();
        RequestContext context = new RequestContext(requestId, caller.accountId(), caller.accessKeyId(),
                config.region(), clock);
        CompletableFuture<ObjectNode> result;
        try {
            result = action.handle(context, Members.root(decoded.input()));
            if (result == null) {
                result = CompletableFuture.failedFuture(new IllegalStateException(operation + " returned no future"));
            }
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        return respond(result, codec, wire, protocol, operation, requestId, start);
    }

    /**
     * The action named by a JSON or CBOR request's path or header when it can run on the raw
     * body, else null. Only a name the tree decoder would also take (and a registered action) qualifies,
     * so every error keeps the order decode-then-lookup gives it.
     */
    private RawBodyAction rawAction(WireProtocol protocol, String hint) {
        if (hint == null || (protocol != WireProtocol.JSON && protocol != WireProtocol.CBOR)) {
            return null;
        }
        try {
            return registry.lookup(hint) instanceof RawBodyAction raw ? raw : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private CompletableFuture<WireResponse> respond(CompletableFuture<ObjectNode> result, ProtocolCodec codec,
                                                    WireRequest wire, WireProtocol protocol, String operation,
                                                    String requestId, long start) {
        return result.handle((output, error) -> {
            if (error != null) {
                return fail(codec, wire, operation, requestId, error, false, start);
            }
            try {
                WireResponse response = finish(codec.encode(operation, output, requestId), requestId);
                record(operation, protocol, "success", start);
                return response;
            } catch (Throwable t) {
                return fail(codec, wire, operation, requestId, t, false, start);
            }
        });
    }

    /**
     * An error answered before the request reaches a worker (overload 503, body too large 413),
     * in the protocol the request's path and headers name, with the error's own status.
     */
    public WireResponse reject(WireRequest wire, AwsError error, String requestId) {
        long start = System.nanoTime();
        ProtocolCodec codec = WireProtocol.detect(wire.rawPath(), wire.headers()).codec();
        return fail(codec, wire, codec.operationHint(wire), requestId, error, true, start);
    }

    /** Adds {@code x-amzn-RequestId} and {@code Date} to a response. */
    WireResponse finish(WireResponse response, String requestId) {
        return response.withHeader(REQUEST_ID_HEADER, requestId)
                .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
    }

    private WireResponse fail(ProtocolCodec codec, WireRequest wire, String operation, String requestId,
                              Throwable thrown, boolean transport, long start) {
        Throwable cause = unwrap(thrown);
        AwsError error;
        if (cause instanceof AwsError aws) {
            error = aws;
        } else {
            LOG.error("request {} ({} {}) failed", requestId, codec.protocol().tag(), operation, cause);
            error = AwsError.internal(INTERNAL_MESSAGE);
        }
        int status = transport ? error.status() : ErrorStatus.of(codec.protocol(), error, wire.queryMode());
        record(operation, codec.protocol(), error.status() >= 500 ? "server_error" : "client_error", start);
        if (LOG.isDebugEnabled()) {
            LOG.debug("request {} {} {} -> {} {}", requestId, codec.protocol().tag(), operation, status, error.code());
        }
        try {
            return finish(codec.encodeError(error, requestId, status), requestId);
        } catch (RuntimeException e) {
            LOG.error("request {}: cannot encode error {}", requestId, error.code(), e);
            WireResponse plain = WireResponse.of(500, "text/plain; charset=utf-8",
                    "InternalServiceError".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return finish(plain, requestId);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private void record(String operation, WireProtocol protocol, String outcome, long start) {
        Timer.builder("synaps.api.requests")
                .description("CloudWatch API requests by action, protocol and outcome")
                .tag("action", ActionRegistry.isOperation(operation) ? operation : "unknown")
                .tag("protocol", protocol.tag())
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
