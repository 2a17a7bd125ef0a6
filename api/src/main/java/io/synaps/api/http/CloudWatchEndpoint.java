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
import io.synaps.api.auth.session.Session;
import io.synaps.api.protocol.ApiService;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * CloudWatchEndpoint runs one request to the Synaps endpoint end to end, independent of the
 * network layer: detect the protocol, verify SigV4 over the wire bytes, decompress, decode, pick
 * the {@link ApiService} (the signature's scope service, {@code monitoring} or {@code sns}; a Query
 * {@code Version} must agree with it), look up and run the action, and encode its output or error
 * in the request's protocol and service namespace with {@code x-amzn-RequestId} and {@code Date}.
 * Unsigned SNS ConfirmSubscription / Unsubscribe Query requests run anonymously; unsigned requests
 * with a dashboard session cookie run as the session's account after the {@link SessionGate}
 * checks (when the server serves the dashboard). It records the
 * timers {@code synaps.api.requests} (CloudWatch; tags action, protocol, outcome = success |
 * client_error | server_error) and {@code synaps.sns.requests} (tags action, outcome).
 * Thread-safe; call it from worker threads.
 */
public final class CloudWatchEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchEndpoint.class);
    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    /** SNS operations AWS serves without a signature (the links in SNS messages). */
    static final Set<String> ANONYMOUS_SNS_OPERATIONS = Set.of("ConfirmSubscription", "Unsubscribe");
    private static final String MISSING_AUTHENTICATION = "MissingAuthenticationToken";
    static final String INTERNAL_MESSAGE =
            "The request processing has failed because of an unknown error, exception or failure.";

    private final ApiConfig config;
    private final SigV4Verifier verifier;
    private final ActionRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SessionGate sessions;

    public CloudWatchEndpoint(ApiConfig config, SigV4Verifier verifier, ActionRegistry registry,
                              MeterRegistry meters, Clock clock) {
        this(config, verifier, registry, meters, clock, null);
    }

    /** As above; with a gate, unsigned requests carrying a dashboard session cookie run as that session. */
    CloudWatchEndpoint(ApiConfig config, SigV4Verifier verifier, ActionRegistry registry,
                       MeterRegistry meters, Clock clock, SessionGate sessions) {
        this.config = config;
        this.verifier = verifier;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** Handles a request whose body is as received on the wire. Never completes exceptionally. */
    public CompletableFuture<WireResponse> handle(WireRequest wire, String requestId) {
        long start = System.nanoTime();
        WireProtocol protocol = WireProtocol.detect(wire.rawPath(), wire.headers());
        ProtocolCodec codec = protocol.codec();
        String hint = codec.operationHint(wire);
        if (sessions != null && SessionGate.isSessionCall(wire)) {
            return handleSession(wire, protocol, codec, hint, requestId, start);
        }
        ApiService hinted = serviceHint(wire);
        SigV4Verifier.Verified signed;
        byte[] body;
        try {
            signed = verifier.authenticate(wire.method(), wire.rawPath(), wire.rawQuery(), wire.headers(), wire.body());
            body = RequestBodies.decode(wire.headers(), wire.body(), config.maxDecodedBodyBytes());
        } catch (Throwable t) {
            if (protocol == WireProtocol.QUERY && t instanceof AwsError e
                    && e.code().equals(MISSING_AUTHENTICATION)) {
                CompletableFuture<WireResponse> anonymous = anonymous(wire, requestId, start);
                if (anonymous != null) {
                    return anonymous;
                }
            }
            return CompletableFuture.completedFuture(fail(hinted, codec, wire, hint, requestId, t, true, start));
        }
        Credential caller = signed.credential();
        ApiService scoped = ApiService.bySigningName(signed.service());
        RequestContext context = new RequestContext(requestId, caller.accountId(), caller.accessKeyId(),
                config.region(), clock);
        return execute(context, scoped, protocol, codec, wire, body, hint, requestId, start);
    }

    /**
     * A dashboard session call (no signature, the session cookie): session, origin and CSRF
     * checks, then the same pipeline as a signed request with the session's account. The service
     * is SNS when a Query body names {@code Version=2010-03-31}, else CloudWatch; errors are
     * written in the request's protocol and that service's namespace.
     */
    private CompletableFuture<WireResponse> handleSession(WireRequest wire, WireProtocol protocol, ProtocolCodec codec,
                                                          String hint, String requestId, long start) {
        Session session;
        byte[] body;
        try {
            session = sessions.authorize(wire.headers());
            body = RequestBodies.decode(wire.headers(), wire.body(), config.maxDecodedBodyBytes());
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(
                    fail(sessionServiceHint(protocol, wire), codec, wire, hint, requestId, t, true, start));
        }
        RequestContext context = new RequestContext(requestId, session.principal().accountId(), null,
                config.region(), clock);
        return execute(context, null, protocol, codec, wire, body, hint, requestId, start);
    }

    /**
     * The service of a session call before its body is decoded: SNS when an uncompressed Query
     * body says {@code Version=2010-03-31}. Only used to shape an early error.
     */
    static ApiService sessionServiceHint(WireProtocol protocol, WireRequest wire) {
        if (protocol != WireProtocol.QUERY || wire.headers().contains("Content-Encoding")) {
            return ApiService.CLOUDWATCH;
        }
        String snsVersion = "Version=" + ApiService.SNS.version();
        String form = new String(wire.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String part : (form + "&" + wire.rawQuery()).split("&")) {
            if (part.equals(snsVersion)) {
                return ApiService.SNS;
            }
        }
        return ApiService.CLOUDWATCH;
    }

    /**
     * The pipeline after authentication: raw-body actions, decode, service check, lookup, run.
     *
     * @param scoped the service the signature named; null for a session call (the Query
     *               {@code Version} decides, CloudWatch when absent)
     */
    private CompletableFuture<WireResponse> execute(RequestContext context, ApiService scoped, WireProtocol protocol,
                                                    ProtocolCodec codec, WireRequest wire, byte[] body, String hint,
                                                    String requestId, long start) {
        if (scoped == ApiService.CLOUDWATCH || (scoped == null && protocol != WireProtocol.QUERY)) {
            RawBodyAction raw = rawAction(protocol, hint);
            if (raw != null) {
                CompletableFuture<ObjectNode> result;
                try {
                    result = raw.handleRaw(context, protocol, body);
                } catch (Throwable t) {
                    result = CompletableFuture.failedFuture(t);
                }
                if (result != null) {
                    return respond(result, ApiService.CLOUDWATCH, codec, wire, protocol, hint, requestId, start);
                }
            }
        } else if (protocol != WireProtocol.QUERY) {
            AwsError error = new AwsError("UnsupportedProtocol", "UnsupportedProtocol", 400,
                    "The " + scoped.signingName() + " API (version " + scoped.version()
                            + ") is served over the AWS Query protocol only; this request uses " + protocol.tag() + ".");
            return CompletableFuture.completedFuture(fail(scoped, codec, wire, hint, requestId, error, true, start));
        }
        DecodedRequest decoded;
        ApiService service = scoped == null ? ApiService.CLOUDWATCH : scoped;
        try {
            decoded = codec.decode(wire.withBody(body));
        } catch (Throwable t) {
            ApiService shape = scoped == null ? sessionServiceHint(protocol, wire.withBody(body)) : scoped;
            return CompletableFuture.completedFuture(fail(shape, codec, wire, hint, requestId, t, false, start));
        }
        if (decoded.version() != null) {
            service = ApiService.byVersion(decoded.version());
            if (scoped != null && service != scoped) {
                // The Version names the other API: its endpoint would want its own signing name.
                AwsError error = SigV4Verifier.wrongService(service.signingName());
                return CompletableFuture.completedFuture(
                        fail(service, codec, wire, decoded.operation(), requestId, error, true, start));
            }
        }
        Action action;
        try {
            action = registry.lookup(service, decoded.operation());
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(
                    fail(service, codec, wire, decoded.operation(), requestId, t, false, start));
        }
        return run(action, context, decoded, service, codec, wire, protocol, requestId, start);
    }

    /**
     * An unsigned Query request: SNS's ConfirmSubscription and Unsubscribe may come without a
     * signature (the SubscribeURL / UnsubscribeURL links subscribers follow), as in AWS. Anything
     * else, or a body that does not decode, answers null (the caller reports the missing token).
     */
    private CompletableFuture<WireResponse> anonymous(WireRequest wire, String requestId, long start) {
        DecodedRequest decoded;
        Action action;
        try {
            byte[] body = RequestBodies.decode(wire.headers(), wire.body(), config.maxDecodedBodyBytes());
            decoded = WireProtocol.QUERY.codec().decode(wire.withBody(body));
            if (!ANONYMOUS_SNS_OPERATIONS.contains(decoded.operation())
                    || (decoded.version() != null && !decoded.version().equals(ApiService.SNS.version()))) {
                return null;
            }
            action = registry.lookup(ApiService.SNS, decoded.operation());
        } catch (RuntimeException e) {
            return null;
        }
        RequestContext context = RequestContext.anonymous(requestId, config.region(), clock);
        return run(action, context, decoded, ApiService.SNS, WireProtocol.QUERY.codec(), wire, WireProtocol.QUERY,
                requestId, start);
    }

    private CompletableFuture<WireResponse> run(Action action, RequestContext context, DecodedRequest decoded,
                                                ApiService service, ProtocolCodec codec, WireRequest wire,
                                                WireProtocol protocol, String requestId, long start) {
        String operation = decoded.operation();
        CompletableFuture<ObjectNode> result;
        try {
            result = action.handle(context, Members.root(decoded.input()));
            if (result == null) {
                result = CompletableFuture.failedFuture(new IllegalStateException(operation + " returned no future"));
            }
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        return respond(result, service, codec, wire, protocol, operation, requestId, start);
    }

    /**
     * The service a request's signature names before it is verified (its credential scope, in the
     * Authorization header or the presigned query string), so that errors raised before decoding
     * are written in that service's namespace. CloudWatch when nothing says SNS.
     */
    static ApiService serviceHint(WireRequest wire) {
        String scope = null;
        String authorization = wire.headers().get("Authorization");
        if (authorization != null) {
            int i = authorization.indexOf("Credential=");
            if (i >= 0) {
                int end = authorization.indexOf(',', i);
                scope = authorization.substring(i + "Credential=".length(), end < 0 ? authorization.length() : end);
            }
        } else {
            int i = wire.rawQuery().indexOf("X-Amz-Credential=");
            if (i >= 0) {
                int end = wire.rawQuery().indexOf('&', i);
                scope = wire.rawQuery().substring(i + "X-Amz-Credential=".length(),
                        end < 0 ? wire.rawQuery().length() : end).replace("%2F", "/").replace("%2f", "/");
            }
        }
        if (scope != null && scope.trim().endsWith("/" + ApiService.SNS.signingName() + "/aws4_request")) {
            return ApiService.SNS;
        }
        return ApiService.CLOUDWATCH;
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

    private CompletableFuture<WireResponse> respond(CompletableFuture<ObjectNode> result, ApiService service,
                                                    ProtocolCodec codec, WireRequest wire, WireProtocol protocol,
                                                    String operation, String requestId, long start) {
        return result.handle((output, error) -> {
            if (error != null) {
                return fail(service, codec, wire, operation, requestId, error, false, start);
            }
            try {
                WireResponse response = finish(codec.encode(service, operation, output, requestId), requestId);
                record(service, operation, protocol, "success", start);
                return response;
            } catch (Throwable t) {
                return fail(service, codec, wire, operation, requestId, t, false, start);
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
        return fail(serviceHint(wire), codec, wire, codec.operationHint(wire), requestId, error, true, start);
    }

    /** Adds {@code x-amzn-RequestId} and {@code Date} to a response. */
    WireResponse finish(WireResponse response, String requestId) {
        return response.withHeader(REQUEST_ID_HEADER, requestId)
                .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
    }

    private WireResponse fail(ApiService service, ProtocolCodec codec, WireRequest wire, String operation,
                              String requestId, Throwable thrown, boolean transport, long start) {
        Throwable cause = unwrap(thrown);
        AwsError error;
        if (cause instanceof AwsError aws) {
            error = aws;
        } else {
            LOG.error("request {} ({} {}) failed", requestId, codec.protocol().tag(), operation, cause);
            error = AwsError.internal(INTERNAL_MESSAGE);
        }
        int status = transport ? error.status() : ErrorStatus.of(codec.protocol(), error, wire.queryMode());
        record(service, operation, codec.protocol(), error.status() >= 500 ? "server_error" : "client_error", start);
        if (LOG.isDebugEnabled()) {
            LOG.debug("request {} {} {} -> {} {}", requestId, codec.protocol().tag(), operation, status, error.code());
        }
        try {
            return finish(codec.encodeError(service, error, requestId, status), requestId);
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

    private void record(ApiService service, String operation, WireProtocol protocol, String outcome, long start) {
        if (service == ApiService.SNS) {
            Timer.builder("synaps.sns.requests")
                    .description("SNS API requests by action and outcome")
                    .tag("action", ActionRegistry.isOperation(ApiService.SNS, operation) ? operation : "unknown")
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return;
        }
        Timer.builder("synaps.api.requests")
                .description("CloudWatch API requests by action, protocol and outcome")
                .tag("action", ActionRegistry.isOperation(operation) ? operation : "unknown")
                .tag("protocol", protocol.tag())
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
